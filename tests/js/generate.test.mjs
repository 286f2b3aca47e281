// generateCertificates as the package runs it in Node (keys and signatures from WebCrypto,
// certificates written by the engine), judged by real Go: every key type in both encodings, from
// a generated CA and from imported CAs of every signing type. Go's tls.X509KeyPair must accept
// every pair and x509.Verify every chain (tests/go, the program the Rust tests use), and the
// engine must agree with Go. Then the low-level steps: a signature that does not verify, a key
// that is not the certificate's, and an abort.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as api from '../../pkg/node.js';

const NOW_ISO = '2026-06-01T00:00:00Z';
const now = Math.floor(Date.parse(NOW_ISO) / 1000);
const ALGORITHMS = ['rsa2048', 'ecdsaP256', 'ecdsaP384', 'ecdsaP521', 'ed25519'];
const LABEL = { rsa2048: 'RSA PRIVATE KEY', ecdsaP256: 'EC PRIVATE KEY', ecdsaP384: 'EC PRIVATE KEY', ecdsaP521: 'EC PRIVATE KEY', ed25519: 'PRIVATE KEY' };
const GO_KEY_TYPE = { rsa2048: 'RSA-2048', ecdsaP256: 'ECDSA-P-256', ecdsaP384: 'ECDSA-P-384', ecdsaP521: 'ECDSA-P-521', ed25519: 'Ed25519' };

function runGo(request) {
  const go = process.env.GO || 'go';
  try {
    const out = execFileSync(go, ['run', '.'], {
      cwd: fileURLToPath(new URL('../go/', import.meta.url)),
      input: JSON.stringify(request),
      env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=mod' },
      maxBuffer: 64 << 20,
    });
    return JSON.parse(out);
  } catch (e) {
    throw new Error(`this test needs Go: could not run \`${go} run .\` in tests/go (set GO to the go binary): ${e.stderr ?? e.message}`);
  }
}

const request = (keyAlgorithm, keyEncoding, extra) => ({ keyAlgorithm, keyEncoding, notBefore: now - 60, notAfter: now + 86400 * 30, ...extra });
const leafOf = (alg, encoding) =>
  request(alg, encoding, { commonName: 'argocd-server', dnsNames: ['argocd-server', 'argocd-server.argocd.svc'], ipAddresses: ['10.0.0.1', '::1'], extKeyUsages: ['serverAuth'] });

test('WebCrypto keys of every type and encoding, signed by generated and imported CAs, are what Go accepts', async () => {
  const keyPairs = [];
  const verifications = [];
  const cas = {};
  const add = (name, alg, encoding, leaf, rootsPem) => {
    const label = encoding === 'pkcs8' ? 'PRIVATE KEY' : LABEL[alg];
    assert.match(leaf.keyPem, new RegExp(`^-----BEGIN ${label}-----\n`), name);
    assert.equal(leaf.keyFormat, encoding === 'pkcs8' || alg === 'ed25519' ? 'pkcs8' : alg === 'rsa2048' ? 'pkcs1' : 'sec1', name);
    keyPairs.push({ name, certPem: leaf.chainPem, keyPem: leaf.keyPem, alg });
    verifications.push({ name, rootsPem, chainPem: leaf.chainPem, dnsName: 'argocd-server', time: NOW_ISO, keyUsages: ['serverAuth'] });
  };
  for (const alg of ALGORITHMS) {
    for (const encoding of ['traditional', 'pkcs8']) {
      const set = await api.generateCertificates({
        ca: request(alg, encoding, { commonName: `Test CA ${alg}`, organization: 'Argo CD', isCa: true }),
        leaves: [leafOf(alg, encoding)],
      });
      keyPairs.push({ name: `${alg}/${encoding}/ca`, certPem: set.ca.certPem, keyPem: set.ca.keyPem, alg });
      add(`${alg}/${encoding}/leaf`, alg, encoding, set.leaves[0], set.ca.certPem);
      cas[alg] ??= set.ca;
    }
  }
  // Each CA, imported as PEM (its key in Argo CD's encoding), signs a leaf of every type.
  for (const issuerAlg of ALGORITHMS) {
    const issuer = { certPem: cas[issuerAlg].certPem, keyPem: cas[issuerAlg].keyPem };
    const set = await api.generateCertificates({ issuer, leaves: ALGORITHMS.map((alg) => leafOf(alg, 'traditional')) });
    assert.equal(set.ca, null);
    set.leaves.forEach((leaf, i) => {
      assert.ok(leaf.chainPem.endsWith(issuer.certPem), 'the chain ends with the issuer');
      add(`issued by ${issuerAlg}/${ALGORITHMS[i]}`, ALGORITHMS[i], 'traditional', leaf, issuer.certPem);
    });
  }

  const go = runGo({ keyPairs: keyPairs.map(({ alg, ...k }) => k), verifications });
  assert.equal(go.keyPairs.length, keyPairs.length);
  for (const [i, r] of go.keyPairs.entries()) {
    assert.equal(r.error, '', `Go's tls.X509KeyPair refused ${r.name}`);
    assert.equal(r.ok, true, r.name);
    assert.equal(r.keyType, GO_KEY_TYPE[keyPairs[i].alg], r.name);
  }
  // Counted first: an empty answer must not pass the loop below.
  assert.equal(go.verifications.length, verifications.length);
  assert.ok(verifications.length >= ALGORITHMS.length * 2 + ALGORITHMS.length ** 2, `${verifications.length} verifications`);
  assert.deepEqual(go.keyPairs.map((r) => r.name), keyPairs.map((k) => k.name));
  assert.deepEqual(go.verifications.map((r) => r.name), verifications.map((v) => v.name));
  for (const r of go.verifications) {
    assert.equal(r.error, '', `Go's x509 Verify refused ${r.name}`);
    assert.equal(r.ok, true, r.name);
  }
  // The engine agrees with Go on every one.
  for (const k of keyPairs) assert.equal(api.checkKeyPair(k.certPem, k.keyPem).ok, true, k.name);
  for (const v of verifications) {
    const r = api.verifyChain({ leaf: v.chainPem, roots: v.rootsPem, dnsName: v.dnsName, now: v.time });
    assert.equal(r.ok, true, `${v.name}: ${r.error}`);
  }
  console.log(`Go ${go.goVersion} accepted ${go.keyPairs.length} key pairs and ${go.verifications.length} chains made with WebCrypto`);
});

test('assembleCertificates refuses a signature that does not verify and a key that is not the certificate\'s', async () => {
  const { subtle } = globalThis.crypto;
  const req = { leaves: [request('ecdsaP256', 'traditional', { commonName: 'x', dnsNames: ['x'] })] };
  const b64 = (buf) => Buffer.from(buf).toString('base64');
  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const other = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const keys = [b64(await subtle.exportKey('pkcs8', pair.privateKey))];
  const prepared = api.prepareCertificates(req, keys);
  assert.deepEqual(prepared.certificates.map((c) => [c.signedBy, c.scheme]), [['itself', 'ecdsaP256Sha256']]);
  const tbs = Buffer.from(prepared.certificates[0].tbs, 'base64');
  const sign = async (key) => b64(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, tbs));

  const good = api.assembleCertificates(req, keys, prepared, [await sign(pair.privateKey)]);
  assert.equal(api.checkKeyPair(good.leaves[0].certPem, good.leaves[0].keyPem).ok, true);

  // Not an ECDSA signature at all, then one by another key (Go's CheckSignature text).
  assert.throws(
    () => api.assembleCertificates(req, keys, prepared, ['AAAA']),
    (e) => e.kind === 'generateFailed' && /ECDSA signature must be r ‖ s/.test(e.message),
  );
  const forged = await sign(other.privateKey);
  assert.throws(
    () => api.assembleCertificates(req, keys, prepared, [forged]),
    (e) => e.kind === 'generateFailed' && /x509: ECDSA verification failure/.test(e.message),
  );
  // The other key with the first key's certificate: the key check refuses it.
  const otherKeys = [b64(await subtle.exportKey('pkcs8', other.privateKey))];
  assert.throws(
    () => api.assembleCertificates(req, otherKeys, prepared, [forged]),
    (e) => e.kind === 'generateFailed' && /does not match/.test(e.message) && !e.message.includes(otherKeys[0].slice(8, 40)),
  );
  // A key of the wrong type for the request is refused before anything is written.
  const ed = await subtle.generateKey({ name: 'Ed25519' }, true, ['sign']);
  const edKey = b64(await subtle.exportKey('pkcs8', ed.privateKey));
  assert.throws(
    () => api.prepareCertificates(req, [edKey]),
    (e) => e.kind === 'generateFailed' && e.message === 'key 0 is Ed25519, but its certificate asks for ecdsaP256',
  );
  assert.throws(() => api.prepareCertificates(req, []), (e) => e.kind === 'generateFailed' && /1 certificates need 1 new keys, got 0/.test(e.message));
});

test('an aborted generation rejects with the signal\'s reason and calls back no more', async () => {
  const controller = new AbortController();
  const seen = [];
  const pending = api.generateCertificates(
    { ca: request('rsa2048', 'traditional', { commonName: 'CA', isCa: true }), leaves: [leafOf('rsa2048', 'traditional'), leafOf('rsa2048', 'traditional')] },
    {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done === 1) controller.abort(new Error('stop'));
      },
    },
  );
  await assert.rejects(pending, /stop/);
  assert.deepEqual(seen, [0, 1]);
  await assert.rejects(api.generateCertificates({ leaves: [] }, { signal: AbortSignal.abort(new Error('early')) }), /early/);
});

test('a request that cannot be honoured is refused before any key is made', async () => {
  const seen = [];
  await assert.rejects(
    api.generateCertificates({ leaves: [leafOf('ecdsaP256', 'traditional'), { ...leafOf('ecdsaP256', 'traditional'), ipAddresses: ['999.1.1.1'] }] }, { onProgress: (p) => seen.push(p) }),
    (e) => e.kind === 'generateFailed' && /999\.1\.1\.1/.test(e.message),
  );
  assert.deepEqual(seen, []);
});
