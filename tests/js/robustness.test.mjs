// Hostile input across the whole JS API of one wasm instance: every call must return data or
// throw an ordinary Error with a message (never `RuntimeError: unreachable` from a panic, never a
// non-Error), and afterwards the same instance must still give the same report as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './consumer.mjs';
import * as api from '../../pkg/node.js';

const NOW = '2026-06-01T00:00:00Z';
const certPem = readFileSync(join(repo, 'www/examples/argocd-repo-server-tls.crt'), 'utf8');
// A real private key: no error text may ever carry its base64 body, however the PEM is mangled.
const keyPem = readFileSync(join(repo, 'src/example/server.key'), 'utf8');
const keyLines = keyPem.split('\n').filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l));
assert.ok(keyLines.length > 5);
// New keys as the generation steps take them (base64 PKCS#8 from WebCrypto), made before the
// storm; their text must never show in an error either.
const fresh = {};
const secrets = keyLines.map((l) => l.slice(0, 32));
const findings = join(repo, 'tests/fixtures/findings');
const manifests = [findings, join(findings, 'silent')].flatMap((d) =>
  readdirSync(d).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(d, f), 'utf8')),
);

// Deterministic PRNG (mulberry32) so a failure reproduces.
let seed = 0x5eed1234;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];
const randomBytes = (n) => String.fromCharCode(...Array.from({ length: n }, () => int(256)));
const randomUnicode = (n) => Array.from({ length: n }, () => String.fromCodePoint(pick([int(128), int(0xd7ff), 0x10000 + int(0xfffff)]))).join('');

function truncatedPem() {
  return certPem.slice(0, int(certPem.length));
}
function junkBase64Pem() {
  const body = Array.from({ length: 1 + int(20) }, () => randomBytes(64).replace(/[^A-Za-z0-9+/=!@#]/g, 'A')).join('\n');
  return `-----BEGIN ${pick(['CERTIFICATE', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'])}-----\n${body}\n-----END ${pick(['CERTIFICATE', 'PRIVATE KEY', 'X'])}-----\n`;
}
function flippedPem(pem) {
  const lines = pem.split('\n');
  const i = 1 + int(Math.max(1, lines.length - 3));
  const l = lines[i] ?? '';
  const j = int(Math.max(1, l.length));
  lines[i] = l.slice(0, j) + pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') + l.slice(j + 1);
  return lines.join('\n');
}
function mutatedYaml() {
  const m = pick(manifests);
  const i = int(m.length);
  switch (int(4)) {
    case 0: return m.slice(0, i);
    case 1: return m.slice(0, i) + pick([': ', '- ', '&a ', '*a ', '{', '[', '"', "'", '\t', '---\n', '!!binary ', '? ']) + m.slice(i);
    case 2: return m.slice(0, i) + m.slice(i + 1 + int(40));
    default: return m.replace(/: "?[^\n]*"?/, `: ${randomUnicode(8)}`);
  }
}
function billionLaughs(levels) {
  let y = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < levels; i++) y += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]\n`;
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cmd-params-cm\ndata:\n${y.replace(/^/gm, '  ')}`;
}
const deepFlow = (n) => '['.repeat(n) + ']'.repeat(n);
const deepBlock = (n) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' x\n';
const deepJson = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const deepArrayModel = (n) => { let v = []; for (let i = 0; i < n; i++) v = [v]; return v; };

const weird = [
  undefined, null, 0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, true, false, '', ' ', {}, [], [[]], [{}],
  [{ name: 1, text: 2 }], [{ name: 'x' }], [{ text: 'x' }], [null], { now: NaN }, { components: 'x' },
  { now: new Date('x') }, new Date('x'), new Date(8.64e15), Symbol('s'), () => 1, 10n, new Uint8Array(4),
  { toString() { throw new Error('toString throws'); } }, Object.create(null), new Map(), new Proxy({}, {}),
];
const badNows = [
  undefined, null, NaN, Infinity, -Infinity, 8.64e15, -8.64e15, 1e300, new Date('x'), '', 'now', '2026-13-45T00:00:00Z',
  '2026-02-30T00:00:00Z', '2026-06-01T25:00:00Z', '2026-06-01', '99999-01-01T00:00:00Z', '0000-01-01T00:00:00Z',
  '2026-06-01T00:00:00+99:00', {}, [], true, Symbol('t'), '2026-06-01T00:00:00.9999999999Z', 'Z'.repeat(1000),
];

const stats = { calls: 0, returned: 0, threw: 0, byKind: {} };
function call(name, fn) {
  stats.calls++;
  let value;
  try {
    value = fn();
  } catch (e) {
    stats.threw++;
    assert.ok(e instanceof Error, `${name}: threw a non-Error ${String(e)}`);
    assert.notEqual(e.constructor.name, 'RuntimeError', `${name}: wasm trap ${e.message}`);
    assert.doesNotMatch(String(e.message), /unreachable|RuntimeError|panicked|memory access out of bounds/, name);
    assert.ok(typeof e.message === 'string' && e.message.length > 0, `${name}: empty message`);
    const text = `${e.message} ${JSON.stringify(e)}`;
    for (const secret of secrets) assert.ok(!text.includes(secret), `${name}: key material in error: ${e.message}`);
    const k = `${name}:${e.kind ?? e.name}`;
    stats.byKind[k] = (stats.byKind[k] ?? 0) + 1;
    return undefined;
  }
  stats.returned++;
  return value;
}

function storm() {
  const eachInput = (gen, n) => Array.from({ length: n }, gen);
  // 1. random bytes / unicode everywhere that takes text
  for (const s of [...eachInput(() => randomBytes(int(600)), 60), ...eachInput(() => randomUnicode(int(200)), 30)]) {
    call('inspectCertificate', () => api.inspectCertificate(s));
    call('resolve', () => api.resolve(s, { now: NOW }));
    call('readManifests', () => api.readManifests([{ name: 'r.yaml', text: s }]));
    call('checkKeyPair', () => api.checkKeyPair(s, s));
    call('verifyChain', () => api.verifyChain({ leaf: s, roots: s, now: NOW }));
    call('check', () => api.check([{ name: 'r.yaml', text: s }], { now: NOW, format: pick(['text', 'json', 'sarif']) }));
  }
  // 2. truncated, bit-flipped and junk-base64 PEM
  for (let i = 0; i < 120; i++) {
    const t = pick([truncatedPem, junkBase64Pem, () => flippedPem(certPem), () => flippedPem(keyPem), () => keyPem.slice(0, int(keyPem.length)), () => keyPem.replace(/-----$/m, '----')])();
    call('inspectCertificate', () => api.inspectCertificate(t));
    call('checkKeyPair', () => api.checkKeyPair(pick([certPem, t]), pick([keyPem, t])));
    call('inspectCertificate(key)', () => api.inspectCertificate(`${certPem}${t}`));
    call('verifyChain', () => api.verifyChain({ leaf: t, intermediates: t, roots: pick([certPem, t]), dnsName: 'argocd-repo-server', now: NOW }));
    const issued = { issuer: { certPem: t, keyPem: pick([t, keyPem]) }, leaves: [{ keyAlgorithm: 'ecdsaP256', notBefore: 0, notAfter: 1 }] };
    call('generationSteps(issuer)', () => api.generationSteps(issued));
    call('prepareCertificates(issuer)', () => api.prepareCertificates(issued, [fresh.ecdsaP256]));
  }
  // 3. mutated manifests
  for (let i = 0; i < 150; i++) {
    const y = mutatedYaml();
    call('resolve', () => api.resolve([{ name: 'm.yaml', text: y }], { now: NOW, argocdVersion: pick([undefined, '3.5.1', '2.4.28', '9.9.9', 'x']) }));
    call('check', () => api.check([{ name: 'm.yaml', text: y }], { now: NOW, base: pick(['none', 'standard']), format: 'sarif' }));
  }
  // 4. alias bombs, deep nesting, a 50 MB string
  for (const levels of [3, 6, 9, 10]) {
    const bomb = billionLaughs(levels);
    call('resolve(bomb)', () => api.resolve(bomb, { now: NOW }));
    call('readManifests(bomb)', () => api.readManifests(bomb));
    call('check(bomb)', () => api.check([{ name: 'bomb.yaml', text: bomb }], { now: NOW }));
  }
  for (const n of [1000, 10000]) {
    for (const text of [deepFlow(n), deepBlock(n), deepJson(n)]) {
      call('resolve(deep)', () => api.resolve(text, { now: NOW }));
      call('check(deep)', () => api.check([{ name: 'deep.yaml', text }], { now: NOW }));
    }
    call('resolve(deep model)', () => api.resolve({ components: deepArrayModel(n) }, { now: NOW }));
    call('verifyChain(deep)', () => api.verifyChain({ leaf: deepArrayModel(n), roots: '', now: NOW }));
  }
  const big = 'a'.repeat(50 * 1024 * 1024);
  call('inspectCertificate(50MB)', () => api.inspectCertificate(big));
  call('inspectCertificate(50MB PEM)', () => api.inspectCertificate(`-----BEGIN CERTIFICATE-----\n${big}\n-----END CERTIFICATE-----\n`));
  call('resolve(50MB)', () => api.resolve(big, { now: NOW }));
  call('checkKeyPair(50MB)', () => api.checkKeyPair(big, big));
  // 5. wrong argument types and invalid dates
  for (const w of weird) {
    call('resolve(weird, ok)', () => api.resolve(w, { now: NOW }));
    call('resolve(ok, weird)', () => api.resolve(manifests[0], w));
    call('readManifests', () => api.readManifests(w));
    call('inspectCertificate', () => api.inspectCertificate(w));
    call('checkKeyPair', () => api.checkKeyPair(w, w));
    call('verifyChain', () => api.verifyChain(w));
    call('verifyChain(field)', () => api.verifyChain({ leaf: w, roots: w, dnsName: w, keyUsage: w, now: NOW }));
    call('generationSteps', () => api.generationSteps(w));
    call('generationSteps(leaf)', () => api.generationSteps({ leaves: [{ keyAlgorithm: w, notBefore: w, notAfter: w }] }));
    call('prepareCertificates', () => api.prepareCertificates(w, w));
    call('prepareCertificates(keys)', () => api.prepareCertificates({ leaves: [{ keyAlgorithm: 'ed25519', notBefore: 0, notAfter: 1 }] }, [w]));
    call('assembleCertificates', () => api.assembleCertificates(w, w, w, w));
    call('check', () => api.check(w, { now: NOW }));
    call('check(opts)', () => api.check([], w));
    call('standardInstall', () => api.standardInstall(w, w));
  }
  for (const now of badNows) {
    call('resolve(now)', () => api.resolve(manifests[0], { now }));
    call('verifyChain(now)', () => api.verifyChain({ leaf: certPem, roots: certPem, now }));
    call('check(now)', () => api.check([{ name: 'a.yaml', text: manifests[0] }], { now }));
  }
  // 6. hostile generation requests (ECDSA/Ed25519 only: RSA keygen is slow)
  const algs = ['ecdsaP256', 'ecdsaP384', 'ed25519', 'rsa1024', 'RSA2048', '', null];
  for (let i = 0; i < 40; i++) {
    const req = {
      keyAlgorithm: pick(algs), keyEncoding: pick(['traditional', 'pkcs8', 'x', undefined]),
      notBefore: pick([0, -1, 2 ** 62, -(2 ** 62), 253402300800, 1.5, NaN]), notAfter: pick([1, 0, 2 ** 62, 253402300799, -5]),
      commonName: pick([undefined, '', randomUnicode(20), 'x'.repeat(100000)]),
      dnsNames: pick([[], ['*.*.x'], ['bad name', '..'], Array(2000).fill('a.b')]),
      ipAddresses: pick([[], ['::1', '10.0.0.1'], ['999.1.1.1', 'zz'], ['1.2.3.4/8']]),
      extKeyUsages: pick([[], ['serverAuth'], ['bogus']]), isCa: pick([true, false, 'yes']),
    };
    const request = { ca: pick([undefined, req]), leaves: [req] };
    const keys = (request.ca ? [0, 1] : [0]).map(() => pick([fresh.ecdsaP256, fresh.ecdsaP384, fresh.ed25519, fresh.rsa2048, fresh.ecdsaP256.slice(0, int(200)), randomBytes(int(90)), '']));
    call('generationSteps(hostile)', () => api.generationSteps(request));
    const prepared = call('prepareCertificates(hostile)', () => api.prepareCertificates(request, keys));
    if (prepared) {
      // Signatures of every wrong kind, and prepared sets tampered with.
      const signatures = prepared.certificates.map(() => pick(['', 'AAAA', btoa(randomBytes(int(600))), '!!', fresh.ed25519]));
      const tampered = pick([prepared, { ...prepared, certificates: prepared.certificates.map((c) => ({ ...c, tbs: pick([c.tbs.slice(4), btoa(randomBytes(80)), c.tbs]), signedBy: pick([c.signedBy, 'issuer', 'ca', 'x']), scheme: pick([c.scheme, 'ed25519', 'rsaPkcs1Sha256']) })) }]);
      call('assembleCertificates(hostile)', () => api.assembleCertificates(request, keys, tampered, signatures));
    }
  }
  // 6b. valid requests and keys, then signatures and prepared sets of every wrong kind
  for (let i = 0; i < 60; i++) {
    const alg = pick(['ecdsaP256', 'ecdsaP384', 'ed25519', 'rsa2048']);
    const leaf = { keyAlgorithm: alg, commonName: 'x', dnsNames: ['x'], notBefore: 0, notAfter: 86400 };
    const request = pick([{ leaves: [leaf] }, { ca: { ...leaf, isCa: true }, leaves: [leaf] }]);
    const keys = (request.ca ? [0, 1] : [0]).map(() => fresh[alg]);
    const prepared = call('prepareCertificates(valid)', () => api.prepareCertificates(request, keys));
    assert.ok(prepared, 'a valid request with matching keys prepares');
    const signatures = prepared.certificates.map(() => pick(['', 'AAAA', btoa(randomBytes(int(600))), '!!', fresh.ed25519, btoa(randomBytes(64)), btoa(randomBytes(96)), btoa(randomBytes(256))]));
    const tampered = pick([prepared, { ...prepared, issuerKey: pick([fresh.ed25519, 'x', null]) }, { ...prepared, certificates: prepared.certificates.map((c) => ({ ...c, tbs: pick([c.tbs.slice(4), btoa(randomBytes(80)), c.tbs, '']), signedBy: pick([c.signedBy, 'issuer', 'ca', 'x']), scheme: pick([c.scheme, 'ed25519', 'rsaPkcs1Sha256', 'ecdsaP384Sha384']) })) }]);
    call('assembleCertificates(tampered)', () => api.assembleCertificates(request, pick([keys, keys.slice(1), [fresh.ecdsaP384, fresh.ed25519]]), tampered, signatures));
  }
  // 7. the JSON model with wrong shapes
  const model = api.defaultExample();
  for (let i = 0; i < 80; i++) {
    const m = structuredClone(model);
    const keys = Object.keys(m);
    const k = pick(keys);
    m[k] = pick(weird.filter((x) => typeof x !== 'symbol' && typeof x !== 'function' && typeof x !== 'bigint'));
    call('resolve(model)', () => api.resolve(m, { now: NOW }));
  }
}

test('1,000+ hostile calls: data or an Error, never a trap; the instance still answers the same', { timeout: 600_000 }, async () => {
  const { subtle } = globalThis.crypto;
  for (const [name, params] of Object.entries({
    ecdsaP256: { name: 'ECDSA', namedCurve: 'P-256' },
    ecdsaP384: { name: 'ECDSA', namedCurve: 'P-384' },
    ed25519: { name: 'Ed25519' },
    rsa2048: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  })) {
    const pair = await subtle.generateKey(params, true, ['sign']);
    fresh[name] = Buffer.from(await subtle.exportKey('pkcs8', pair.privateKey)).toString('base64');
    secrets.push(fresh[name].slice(40, 72));
  }
  const before = api.resolve(api.defaultExample(), { now: NOW });
  const beforeCheck = api.check([{ name: 'a.yaml', text: manifests[0] }], { now: NOW, base: 'standard', format: 'json' });
  storm();
  assert.ok(stats.calls >= 1000, `only ${stats.calls} calls`);
  const after = api.resolve(api.defaultExample(), { now: NOW });
  assert.deepEqual(after, before);
  assert.deepEqual(api.check([{ name: 'a.yaml', text: manifests[0] }], { now: NOW, base: 'standard', format: 'json' }), beforeCheck);
  assert.equal(api.inspectCertificate(certPem).length, 2);
  const progress = [];
  const set = await api.generateCertificates(
    { leaves: [{ keyAlgorithm: 'ed25519', commonName: 'after the storm', notBefore: 0, notAfter: 86400 }] },
    { onProgress: (p) => progress.push(p.done) },
  );
  assert.equal(api.inspectCertificate(set.leaves[0].certPem)[0].subject, 'CN=after the storm');
  assert.deepEqual(progress, [0, 1]);
  console.log(`robustness: ${stats.calls} calls, ${stats.returned} returned data, ${stats.threw} threw an Error`);
  console.log(`robustness: errors by call:kind ${JSON.stringify(stats.byKind)}`);
});
