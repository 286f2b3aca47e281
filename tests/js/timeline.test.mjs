// The npm package's `timeline(input, options)` against the native CLI's `timeline --format json`
// for the timeline fixtures: the same JSON; the package's `check --fail-within` (bin) against the
// native CLI's exit status. Run after `make wasm`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installPackage, repo } from './consumer.mjs';

const fixtures = ['staggered', 'intermediate-first', 'ca-rotation', 'cert-manager'];
const FROM = '2027-01-01T00:00:00Z';
const UNTIL = '2028-01-01T00:00:00Z';
let installed;
let api;

before(async () => {
  installed = installPackage('argocd-tls-planner-timeline-');
  writeFileSync(join(installed.project, 'probe.mjs'), "export { timeline } from 'argocd-tls-planner';\n");
  api = await import(pathToFileURL(join(installed.project, 'probe.mjs')).href);
});

after(() => installed?.cleanup());

function cli(args) {
  const r = spawnSync('cargo', ['run', '--quiet', '--offline', '--bin', 'argocd-tls-planner', '--', ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return r;
}

for (const name of fixtures) {
  test(`timeline() equals the CLI's JSON for ${name}`, () => {
    const path = join(repo, `tests/fixtures/timeline/${name}.yaml`);
    const text = readFileSync(path, 'utf8');
    const js = api.timeline([{ name: path, text }], { from: FROM, until: UNTIL, base: 'standard', argocdVersion: '3.5.1', marginDays: 14 });
    const r = cli(['timeline', path, '--base', 'standard', '--argocd-version', '3.5.1', '--from', FROM, '--until', UNTIL, '--margin', '14d', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(js, JSON.parse(r.stdout));
    assert.ok(js.firstOutage, name);
  });
}

test('timeline() needs `from` (the engine has no clock) and checks its numbers', () => {
  const text = readFileSync(join(repo, 'tests/fixtures/timeline/staggered.yaml'), 'utf8');
  assert.throws(() => api.timeline(text, {}), /now|from/);
  assert.throws(() => api.timeline(text, { from: FROM, withinDays: -1 }), /withinDays/);
  assert.throws(() => api.timeline(text, { from: FROM, marginDays: Number.NaN }), /marginDays/);
  const t = api.timeline(text, { from: FROM, withinDays: 30, base: 'standard' });
  assert.equal(t.until, '2027-01-31T00:00:00Z');
  assert.equal(t.firstOutage, null);
});

test('npx check --fail-within exits like the native CLI', () => {
  const path = join(repo, 'tests/fixtures/timeline/staggered.yaml');
  for (const within of ['30d', '5d']) {
    const args = ['check', path, '--base', 'standard', '--argocd-version', '3.5.1', '--now', '2027-02-20T00:00:00Z', '--fail-within', within, '--format', 'sarif'];
    const js = spawnSync('npx', ['--no-install', 'argocd-tls-planner', ...args], { cwd: installed.project, encoding: 'utf8', maxBuffer: 64 << 20 });
    const rs = cli(args);
    assert.equal(js.status, rs.status, `${within}: npx ${js.status} ${js.stderr} vs native ${rs.status} ${rs.stderr}`);
    assert.equal(js.stdout, rs.stdout, within);
    assert.equal(rs.status, within === '30d' ? 1 : 0);
  }
});
