// The built npm package, as a user gets it: `npm pack ./pkg`, installed into a fresh Node
// project, imported by name. Run after `make wasm` (make test does both).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installPackage, repo, shared } from './consumer.mjs';

const example = readFileSync(join(repo, 'www/examples/argocd-repo-server-tls.crt'), 'utf8');
const upstream = readFileSync(join(shared, 'fixtures/upstream/argocd-v3.5.1-install.yaml'), 'utf8');
let dir;
let tarball;
let api;
let installed;

before(() => {
  installed = installPackage();
  ({ dir, tarball } = installed);
  const project = installed.project;
  writeFileSync(
    join(project, 'probe.mjs'),
    "export { resolve, readManifests, defaultExample, checkKeyPair, verifyChain, generateCertificates, codes, version, inspectCertificate, standardInstall } from 'argocd-tls-planner';\n",
  );
  return import(pathToFileURL(join(project, 'probe.mjs')).href).then((m) => {
    api = m;
  });
});

after(() => {
  if (installed) installed.cleanup();
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
    'package/generate.js',
    'package/generate.d.ts',
    'package/elements/index.js',
    'package/elements/index.d.ts',
  ]) {
    assert.ok(listing.includes(f), `${f} missing from ${listing.join(', ')}`);
  }
  assert.ok(!listing.some((f) => f.endsWith('.tgz') || f.includes('node_modules')), listing.join(', '));
  // The custom elements ('argocd-tls-planner/elements'): every module of pkg/elements/, nothing more.
  const elements = readdirSync(join(repo, 'pkg/elements')).map((f) => `package/elements/${f}`).sort();
  assert.deepEqual(listing.filter((f) => f.startsWith('package/elements/')), elements);
  // One wasm module: generation takes its keys and signatures from WebCrypto.
  assert.deepEqual(listing.filter((f) => f.endsWith('.wasm')), ['package/wasm/argocd_tls_planner_bg.wasm']);
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

function checkReportShape(report, now) {
  assert.equal(report.schemaVersion, 2);
  assert.equal(typeof report.argocdVersion, 'string');
  assert.equal(typeof report.namespace, 'string');
  assert.equal(report.now, now);
  assert.ok(Array.isArray(report.components) && report.components.length > 0);
  for (const c of report.components) {
    assert.equal(typeof c.name, 'string');
    assert.equal(typeof c.present, 'boolean');
    assert.equal(typeof c.starts, 'boolean');
    assert.ok(Array.isArray(c.endpoints));
  }
  assert.ok(Array.isArray(report.connections) && report.connections.length > 0);
  assert.ok(Array.isArray(report.findings));
  for (const f of report.findings) {
    assert.match(f.code, /^TLS\d{3}$/);
    assert.ok(['error', 'warning', 'info'].includes(f.severity), f.severity);
    for (const k of ['title', 'message', 'hint', 'docs']) assert.equal(typeof f[k], 'string', k);
    assert.ok(Array.isArray(f.subjects));
  }
  assert.doesNotMatch(JSON.stringify(report), /PRIVATE KEY/);
}

test('resolves the upstream v3.5.1 install with now as a Date and as a string', () => {
  const fromDate = api.resolve(upstream, { now: new Date('2026-06-01T00:00:00Z') });
  const fromString = api.resolve(upstream, { now: '2026-06-01T00:00:00Z' });
  checkReportShape(fromDate, '2026-06-01T00:00:00Z');
  assert.deepEqual(fromString, fromDate);
  assert.equal(fromDate.argocdVersion, '3.5.1');
  assert.equal(fromDate.namespace, 'argocd');
  const codes = fromDate.findings.map((f) => f.code);
  // The reference: clients do not verify the repo-server's certificate by default.
  assert.ok(codes.includes('TLS202'), codes.join(','));
  // Read through readManifests first: the model resolves to the same report.
  const model = api.readManifests([{ name: 'install.yaml', text: upstream }]);
  assert.deepEqual(api.resolve(model, { now: '2026-06-01T00:00:00Z' }), fromDate);
});

test('the default example has one error: Dex strict TLS against the repo-server certificate', () => {
  // Inside the example certificates' validity (2026-11-29 … 2029-03-03): no expiry finding.
  const report = api.resolve(api.defaultExample(), { now: '2027-06-01T00:00:00Z' });
  checkReportShape(report, '2027-06-01T00:00:00Z');
  const errors = report.findings.filter((f) => f.severity === 'error');
  assert.deepEqual(errors.map((f) => [f.code, f.subjects]), [['TLS204', ['argocd-server->argocd-dex-server']]], JSON.stringify(report.findings.map((f) => f.code)));
  assert.ok(!report.findings.some((f) => f.code === 'TLS301'));
  // Outside it (before notBefore, after notAfter) every example certificate is reported.
  for (const now of ['2026-06-01T00:00:00Z', '2030-01-01T00:00:00Z']) {
    const outside = api.resolve(api.defaultExample(), { now });
    assert.equal(outside.findings.filter((f) => f.code === 'TLS301').length, 3, now);
  }
});

test('generate a P-256 CA and leaf, verify the chain, check key pairs', async () => {
  const now = Date.parse('2026-06-01T00:00:00Z') / 1000;
  const base = { keyAlgorithm: 'ecdsaP256', notBefore: now - 3600, notAfter: now + 86400 * 30 };
  const progress = [];
  const pending = api.generateCertificates(
    {
      ca: { ...base, commonName: 'Test CA', isCa: true },
      leaves: [{ ...base, commonName: 'argocd-repo-server', dnsNames: ['argocd-repo-server'], extKeyUsages: ['serverAuth'] }],
    },
    { onProgress: (p) => progress.push(p) },
  );
  assert.ok(pending instanceof Promise, 'generation is asynchronous (WebCrypto)');
  const set = await pending;
  assert.deepEqual(progress, [
    { done: 0, total: 2, current: { role: 'ca', name: 'Test CA', keyAlgorithm: 'ecdsaP256' } },
    { done: 1, total: 2, current: { role: 'leaf', name: 'argocd-repo-server', keyAlgorithm: 'ecdsaP256' } },
    { done: 2, total: 2, current: null },
  ]);
  assert.ok(set.ca);
  assert.equal(set.leaves.length, 1);
  const [leaf] = set.leaves;
  assert.match(leaf.certPem, /^-----BEGIN CERTIFICATE-----/);
  assert.match(leaf.keyPem, /PRIVATE KEY-----/);
  assert.equal(api.inspectCertificate(leaf.certPem)[0].curve, 'P-256');

  const good = api.checkKeyPair(leaf.chainPem, leaf.keyPem);
  assert.equal(good.ok, true, JSON.stringify(good));
  const bad = api.checkKeyPair(leaf.certPem, set.ca.keyPem);
  assert.equal(bad.ok, false);
  assert.match(JSON.stringify(bad.error), /tls: private key does not match public key/);
  assert.doesNotMatch(JSON.stringify(bad), /BEGIN/);

  const nowIso = '2026-06-01T00:00:00Z';
  const ok = api.verifyChain({ leaf: leaf.certPem, roots: set.ca.certPem, dnsName: 'argocd-repo-server', now: nowIso });
  assert.equal(ok.ok, true, JSON.stringify(ok));
  assert.equal(ok.chains[0].length, 2);
  const wrong = api.verifyChain({ leaf: leaf.certPem, roots: set.ca.certPem, dnsName: 'argocd-server', now: new Date(nowIso) });
  assert.equal(wrong.ok, false);
  assert.equal(wrong.error, 'x509: certificate is valid for argocd-repo-server, not argocd-server');
  const expired = api.verifyChain({ leaf: leaf.certPem, roots: set.ca.certPem, now: '2027-06-01T00:00:00Z' });
  assert.equal(expired.ok, false);
  assert.match(expired.error, /^x509: certificate has expired or is not yet valid/);
});

test('codes() lists the registry with unique codes', () => {
  const list = api.codes();
  assert.ok(list.length > 10);
  const seen = new Set(list.map((c) => c.code));
  assert.equal(seen.size, list.length);
  assert.ok(seen.has('TLS202'));
  assert.match(api.version(), /^\d+\.\d+\.\d+/);
});
