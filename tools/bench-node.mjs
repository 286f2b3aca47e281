// `make bench` (Node part): inspectCertificate in wasm under Node vs node:crypto X509Certificate
// vs @peculiar/x509, parsing the same certificates (Argo CD's test certificates and the
// parse-differential corpus PEMs that all three accept), printing certificates a second and
// ratios. Times are CPU time of this process (`process.cpuUsage()`), not wall time: the machine
// is shared and wall time swings by ±30 %.
//
// Equal work: inspectCertificate produces every field of a CertificateSummary (24). The
// node:crypto row produces every one of those node:crypto's X509Certificate has a getter for —
// subject, issuer, serial (hex), validity, subjectAltName, key type and size or curve, CA flag,
// extended key usages, SHA-256 fingerprint, and whether it issued itself (`checkIssued`) — in
// node's own formats (no conversion to the summary's: that would be extra JS work on node's side).
// It has no getter for the signature algorithm, key usage, path length, key identifiers or
// version, so it still does less. The old six-getter row is printed beside it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509's DI container (tsyringe) needs it
import * as peculiar from '@peculiar/x509';
// BENCH_PKG: another build of the package to measure (a directory like pkg/, e.g. main's, for a
// before/after pair run on the same machine state).
const api = await import(new URL('node.js', new URL(process.env.BENCH_PKG ?? '../pkg/', import.meta.url)).href);

const shared = new URL('../../shared/corpora/', import.meta.url).pathname;
function pems(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pems(p));
    else if (/\.(pem|crt)$/.test(name)) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}
const blocks = (text) => text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n?/g) ?? [];
const all = [...pems(join(shared, 'argocd-test-certs')), ...pems(join(shared, 'parse-differential'))].flatMap(blocks);
const viaWasm = (pem) => api.inspectCertificate(pem);
const viaNode6 = (pem) => {
  const x = new X509Certificate(pem);
  return [x.subject, x.issuer, x.subjectAltName, x.validTo, x.fingerprint256, x.publicKey.asymmetricKeyType];
};
const viaNode = (pem) => {
  const x = new X509Certificate(pem);
  const key = x.publicKey;
  return {
    subject: x.subject,
    issuer: x.issuer,
    serial: x.serialNumber,
    notBefore: x.validFrom,
    notAfter: x.validTo,
    subjectAltName: x.subjectAltName,
    keyType: key.asymmetricKeyType,
    keyDetails: key.asymmetricKeyDetails,
    isCa: x.ca,
    extKeyUsage: x.keyUsage,
    sha256Fingerprint: x.fingerprint256,
    selfIssued: x.checkIssued(x),
  };
};
const viaPeculiar = (pem) => {
  const x = new peculiar.X509Certificate(pem);
  return [x.subject, x.issuer, x.extensions.length, x.notAfter, x.publicKey.algorithm];
};
// Only the certificates every parser accepts, so each does the same work.
const certs = all.filter((pem) => {
  try {
    viaWasm(pem);
    viaNode(pem);
    viaNode6(pem);
    viaPeculiar(pem);
    return true;
  } catch {
    return false;
  }
});

// CPU time of this process in ms.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Certificates a second (CPU time; `perInput` certificates in each input), best of `rounds` rounds of at least `minMs` each. The rounds
// of all rows are interleaved by the caller (row A round 1, row B round 1, …) so that a busy
// spell of the machine does not land on one row only.
function measure(fn, inputs, perInput, minMs) {
  let n = 0;
  const start = cpu();
  const wall = performance.now();
  while (performance.now() - wall < minMs) {
    for (const x of inputs) fn(x);
    n += inputs.length * perInput;
  }
  return (n * 1000) / (cpu() - start);
}
function benchRows(rows, rounds = 3, minMs = 700) {
  for (const r of rows) for (const x of r.inputs.slice(0, 50)) r.fn(x); // warm-up
  const best = rows.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    rows.forEach((r, i) => {
      best[i] = Math.max(best[i], measure(r.fn, r.inputs, r.count ?? 1, minMs));
    });
  }
  rows.forEach((r, i) => {
    console.log(`  ${r.name.padEnd(58)} ${best[i].toFixed(0).padStart(8)} certs/s  ${(1e6 / best[i]).toFixed(1).padStart(7)} µs/cert`);
  });
  return best;
}

// One bundle of every certificate (a tls.crt chain is one): inspectCertificate reads a bundle in
// one call; counted per certificate.
const bundle = certs.join('');
if (viaWasm(bundle).length !== certs.length) throw new Error('the bundle did not give one summary per certificate');

console.log(`inspectCertificate throughput on ${certs.length} certificates (of ${all.length} PEM blocks found; Node ${process.version}; CPU time, best of 3 interleaved rounds):`);
const [wasm, wasmBundle, node, node6, pec] = benchRows([
  { name: 'argocd-tls-planner inspectCertificate (wasm), one per call', fn: viaWasm, inputs: certs, count: 1 },
  { name: 'argocd-tls-planner inspectCertificate (wasm), one bundle', fn: viaWasm, inputs: [bundle], count: certs.length },
  { name: 'node:crypto X509Certificate, every field it has (12)', fn: viaNode, inputs: certs, count: 1 },
  { name: 'node:crypto X509Certificate, six fields (the old row)', fn: viaNode6, inputs: certs, count: 1 },
  { name: '@peculiar/x509 X509Certificate', fn: viaPeculiar, inputs: certs, count: 1 },
], 3, 700);
console.log(`ratios (higher = wasm faster): wasm/node:crypto = ${(wasm / node).toFixed(2)}x (one per call), ${(wasmBundle / node).toFixed(2)}x (bundle); against the six-field row ${(wasm / node6).toFixed(2)}x; wasm/@peculiar/x509 = ${(wasm / pec).toFixed(2)}x (issue 12 item 6 target: 5x node:crypto)`);

// Where the wasm's µs per certificate go, from the JS side: an empty crossing (`version()`), and
// decoding the result (the module returns JSON text that `JSON.parse` turns into objects: timed
// here on the same texts). The rest is inside the module: PEM and base64 decoding, parsing, the
// summary (names, hex, SHA-256 fingerprint) and serde_json writing the text. DESIGN.md has the
// profile of that rest (node --cpu-prof on a build that keeps its function names).
// µs per call (CPU time).
const perCall = (fn, inputs) => 1e6 / measure(fn, inputs, 1, 800);
const texts = certs.map((c) => JSON.stringify(viaWasm(c)));
const crossing = perCall(() => api.version(), certs);
const decode = perCall((t) => JSON.parse(t), texts);
const total = 1e6 / wasm;
console.log(`inspectCertificate per certificate: ${total.toFixed(1)} µs = empty crossing ${crossing.toFixed(2)} µs + JSON.parse of the result ${decode.toFixed(1)} µs + inside the module ${(total - crossing - decode).toFixed(1)} µs (${texts.reduce((a, t) => a + t.length, 0) / texts.length | 0} bytes of JSON per certificate)`);
