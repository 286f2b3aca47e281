// `npx argocd-tls-planner check …` from the installed tarball against the native CLI
// (`cargo build --release`): same exit status, same stdout. SARIF validates against SARIF 2.1.0.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { installPackage, repo, shared } from './consumer.mjs';

const targetDir = process.env.CARGO_TARGET_DIR || join(repo, 'target');
const native = join(targetDir, 'release', 'argocd-tls-planner');
const upstream = join(shared, 'fixtures/upstream/argocd-v3.5.1-install.yaml');
const tls203 = join(repo, 'tests/fixtures/findings/TLS203.yaml');
const NOW = '2027-06-01T00:00:00Z';
let installed;

before(() => {
  execFileSync('cargo', ['build', '--offline', '--quiet', '--release', '--bin', 'argocd-tls-planner'], { cwd: repo, stdio: 'inherit' });
  installed = installPackage('argocd-tls-planner-bin-');
});

after(() => installed?.cleanup());

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { cwd: installed.project, input: input ?? '', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const npx = (args, input) => run('npx', ['--no-install', 'argocd-tls-planner', ...args], input);
const nat = (args, input) => run(native, args, input);

function same(args, input) {
  const js = npx(args, input);
  const rs = nat(args, input);
  assert.equal(js.status, rs.status, `exit status for ${args.join(' ')}: npx ${js.status} (${js.stderr}) vs native ${rs.status} (${rs.stderr})`);
  assert.equal(js.stdout, rs.stdout, `stdout for ${args.join(' ')}`);
  return js;
}

test('the upstream v3.5.1 install: same exit and text as the native CLI', () => {
  // The upstream install has warnings (TLS202: the clients do not verify the repo-server) and no
  // error: exit 0.
  const r = same(['check', upstream, '--now', NOW]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /TLS202/);
  assert.match(r.stdout, /^0 error\(s\)/m);
});

test('TLS203 over the standard base, text and json', () => {
  const args = ['check', tls203, '--base', 'standard', '--argocd-version', '3.5.1', '--now', NOW];
  const text = same(args);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /TLS203/);
  const json = same([...args, '--format', 'json']);
  const report = JSON.parse(json.stdout);
  assert.ok(report.findings.some((f) => f.code === 'TLS203'));
  const inline = same(['check', tls203, '--base=standard', '--argocd-version=3.5.1', `--now=${NOW}`, '--format=json']);
  assert.equal(inline.stdout, json.stdout);
});

test('SARIF output is the same and validates against the SARIF 2.1.0 schema', () => {
  const require = createRequire(import.meta.url);
  const schemaPath = join(require.resolve('@microsoft/jest-sarif/package.json'), '..', 'lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  // The file is written as draft-04 (`id`, `$schema` draft-04); its keywords are draft-07 compatible
  // (no boolean exclusiveMinimum), so it compiles under Ajv's draft-07 with `$id`.
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  // unicodeRegExp off: one of the schema's patterns is not valid under the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  for (const args of [
    ['check', tls203, '--base', 'standard', '--argocd-version', '3.5.1', '--now', NOW, '--format', 'sarif'],
    ['check', upstream, '--now', NOW, '--format', 'sarif'],
  ]) {
    const r = same(args);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 1));
    assert.ok(sarif.runs[0].results.length > 0);
  }
  // The validator does reject a broken log (the check can fail).
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
});

test('a directory and stdin', () => {
  const dir = join(installed.dir, 'manifests');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  copyFileSync(tls203, join(dir, 'a.yaml'));
  copyFileSync(join(repo, 'tests/fixtures/findings/TLS001.yaml'), join(dir, 'sub', 'b.yml'));
  writeFileSync(join(dir, 'notes.txt'), 'not a manifest: [');
  // Both change sets carry an error finding (TLS203, TLS001) whichever argocd-cmd-params-cm wins:
  // exit 1. Which file wins is tested with the input rule.
  const d = same(['check', dir, '--base', 'standard', '--argocd-version', '3.5.1', '--now', NOW, '--format', 'json']);
  assert.equal(d.status, 1, d.stderr);
  const s = same(['check', '-', '--base', 'standard', '--argocd-version', '3.5.1', '--now', NOW], readFileSync(tls203, 'utf8'));
  assert.equal(s.status, 1);
  assert.match(s.stdout, /TLS203/);
  const implicit = same(['check', '--now', NOW], readFileSync(upstream, 'utf8'));
  assert.equal(implicit.status, 0, implicit.stderr);
  assert.match(implicit.stdout, /TLS202/);
});

test('unreadable YAML exits 2 naming the file and line; bad flags exit 2', () => {
  const bad = join(installed.dir, 'broken.yaml');
  writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: [unclosed\n  - : :\n');
  const js = npx(['check', bad, '--now', NOW]);
  const rs = nat(['check', bad, '--now', NOW]);
  assert.equal(js.status, 2);
  assert.equal(rs.status, 2);
  assert.equal(js.stdout, '');
  assert.ok(js.stderr.includes('broken.yaml'), js.stderr);
  assert.match(js.stderr, /line \d+|:\d+(:\d+)?/, js.stderr);
  assert.equal(js.stderr, rs.stderr);
  for (const args of [
    ['check', tls203, '--bogus'],
    ['check', tls203, '--format', 'xml', '--now', NOW],
    ['check', tls203, '--base', 'weird', '--now', NOW],
    ['check', tls203, '--now', 'yesterday'],
    ['check', tls203, '--now'],
    ['frobnicate'],
    ['check', join(installed.dir, 'does-not-exist.yaml'), '--now', NOW],
  ]) {
    const a = npx(args);
    const b = nat(args);
    assert.equal(a.status, 2, `${args.join(' ')}: ${a.stderr}`);
    assert.equal(b.status, 2, `native ${args.join(' ')}: ${b.stderr}`);
    assert.equal(a.stdout, '');
    assert.match(a.stderr, /^argocd-tls-planner: /);
  }
  const v = same(['--version']);
  assert.equal(v.status, 0);
});
