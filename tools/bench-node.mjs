// `make bench` (Node part): inspectCertificate in wasm under Node vs node:crypto X509Certificate
// vs @peculiar/x509, parsing the same certificates (Argo CD's test certificates and the
// parse-differential corpus PEMs that all three accept), printing ops/s and ratios.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import 'reflect-metadata'; // @peculiar/x509's DI container (tsyringe) needs it
import * as peculiar from '@peculiar/x509';
import * as api from '../pkg/node.js';

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
const viaNode = (pem) => {
  const x = new X509Certificate(pem);
  return [x.subject, x.issuer, x.subjectAltName, x.validTo, x.fingerprint256, x.publicKey.asymmetricKeyType];
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
    viaPeculiar(pem);
    return true;
  } catch {
    return false;
  }
});

function bench(name, fn, minMs = 1500) {
  for (const c of certs.slice(0, 50)) fn(c); // warm-up
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (const c of certs) fn(c);
    n += certs.length;
    now = performance.now();
  }
  const perSec = (n * 1000) / (now - start);
  console.log(`  ${name.padEnd(44)} ${perSec.toFixed(0).padStart(8)} certs/s  ${((now - start) * 1000 / n).toFixed(1).padStart(7)} µs/cert`);
  return perSec;
}

console.log(`inspectCertificate throughput on ${certs.length} certificates (of ${all.length} PEM blocks found; Node ${process.version}):`);
const wasm = bench('argocd-tls-planner inspectCertificate (wasm)', viaWasm);
const node = bench('node:crypto X509Certificate (+ fingerprint256)', viaNode);
const pec = bench('@peculiar/x509 X509Certificate', viaPeculiar);
console.log(`ratios: wasm/node:crypto = ${(wasm / node).toFixed(2)}x, wasm/@peculiar/x509 = ${(wasm / pec).toFixed(2)}x (higher = wasm faster)`);

// Where the wasm's µs per certificate go, from the JS side: an empty crossing (`version()`), and
// decoding the result (the module returns JSON text that `JSON.parse` turns into objects: timed
// here on the same texts). The rest is inside the module: PEM and base64 decoding, parsing, the
// summary (names, hex, SHA-256 fingerprint) and serde_json writing the text. DESIGN.md has the
// profile of that rest (node --cpu-prof on a build that keeps its function names).
function perCall(fn, inputs, minMs = 800) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (const x of inputs) fn(x);
    n += inputs.length;
    now = performance.now();
  }
  return ((now - start) * 1000) / n;
}
const texts = certs.map((c) => JSON.stringify(viaWasm(c)));
const crossing = perCall(() => api.version(), certs);
const decode = perCall((t) => JSON.parse(t), texts);
const total = 1e6 / wasm;
console.log(`inspectCertificate per certificate: ${total.toFixed(1)} µs = empty crossing ${crossing.toFixed(2)} µs + JSON.parse of the result ${decode.toFixed(1)} µs + inside the module ${(total - crossing - decode).toFixed(1)} µs (${texts.reduce((a, t) => a + t.length, 0) / texts.length | 0} bytes of JSON per certificate)`);
