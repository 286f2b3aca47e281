// The built npm package, as a user gets it: `npm pack ./pkg`, installed into a fresh Node
// project, imported by name. Run after `make wasm` (make test does both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const example = readFileSync(join(repo, 'www/examples/argocd-repo-server-tls.crt'), 'utf8');
let dir;
let tarball;
let api;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'argocd-tls-planner-consumer-'));
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, join(repo, 'pkg')], {
    encoding: 'utf8',
  });
  tarball = join(dir, packed.trim().split('\n').pop());
  const project = join(dir, 'consumer');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: project, stdio: 'pipe' });
  writeFileSync(
    join(project, 'probe.mjs'),
    "export * from 'argocd-tls-planner';\n",
  );
  return import(pathToFileURL(join(project, 'probe.mjs')).href).then((m) => {
    api = m;
  });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarball carries the wasm, the JS glue and the types, and nothing else', () => {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  for (const f of [
    'package/package.json',
    'package/README.md',
    'package/LICENSE',
    'package/node.js',
    'package/index.js',
    'package/index.d.ts',
    'package/web.js',
    'package/web.d.ts',
    'package/wasm/argocd_tls_planner.js',
    'package/wasm/argocd_tls_planner.d.ts',
    'package/wasm/argocd_tls_planner_bg.wasm',
  ]) {
    assert.ok(listing.includes(f), `${f} missing from ${listing.join(', ')}`);
  }
  assert.ok(!listing.some((f) => f.endsWith('.tgz') || f.includes('node_modules')), listing.join(', '));
  const dts = execFileSync('tar', ['-xzOf', tarball, 'package/wasm/argocd_tls_planner.d.ts'], { encoding: 'utf8' });
  assert.match(dts, /export interface CertificateSummary/);
  assert.match(dts, /export function inspectCertificate\(pem: string\): CertificateSummary\[\]/);
});

test('imports by name with no init step and inspects a chain', () => {
  const certs = api.inspectCertificate(example);
  assert.equal(certs.length, 2);
  assert.equal(certs[0].subject, 'CN=argocd-repo-server,O=Example Ops');
  assert.equal(certs[0].issuer, 'CN=Example Ops Argo CD CA,O=Example Ops');
  assert.deepEqual(certs[0].dnsNames, ['argocd-repo-server', 'argocd-repo-server.argocd.svc']);
  assert.deepEqual(certs[0].ipAddresses, ['127.0.0.1']);
  assert.equal(certs[0].keyType, 'RSA');
  assert.equal(certs[0].keyBits, 2048);
  assert.equal(certs[0].curve, null);
  assert.equal(certs[0].isCa, false);
  assert.equal(certs[1].isCa, true);
  assert.match(certs[0].sha256Fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.equal(typeof api.version(), 'string');
});

test('garbage throws a structured error', () => {
  assert.throws(() => api.inspectCertificate('definitely not PEM'), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.kind, 'notPem');
    assert.equal(err.line, 1);
    assert.match(err.message, /not PEM/);
    return true;
  });
  const keyOnly = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
  assert.throws(() => api.inspectCertificate(keyOnly), (err) => {
    assert.equal(err.kind, 'noCertificate');
    assert.deepEqual(err.found, ['PRIVATE KEY']);
    return true;
  });
});

test('the fingerprint agrees with node:crypto', async () => {
  const { X509Certificate } = await import('node:crypto');
  const leafPem = example.slice(0, example.indexOf('-----END CERTIFICATE-----') + 25);
  const x = new X509Certificate(leafPem);
  const [leaf] = api.inspectCertificate(example);
  assert.equal(leaf.sha256Fingerprint, x.fingerprint256);
  assert.equal(leaf.serialHex.replaceAll(':', ''), x.serialNumber);
  assert.equal(new Date(leaf.notAfter).getTime(), new Date(x.validTo).getTime());
});
