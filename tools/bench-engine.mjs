// The engine's benchmarks in wasm under Node, side by side with the native numbers.
//
// `make bench-engine` first runs the native benchmark (examples/bench.rs), which writes the
// inputs and its numbers to target/bench-engine/; this script times the built package
// (pkg/node.js, from `make wasm`) on the same inputs and prints both with ratios.
//   node tools/bench-engine.mjs [dir]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { readManifests, resolve, verifyChain } from '../pkg/node.js';

const dir = process.argv[2] ?? 'target/bench-engine';
const native = JSON.parse(readFileSync(`${dir}/native.json`, 'utf8'));
const text = readFileSync(`${dir}/install.yaml`, 'utf8');
const chains = JSON.parse(readFileSync(`${dir}/chains.json`, 'utf8'));
const options = { now: chains.now };

function timeRuns(n, f) {
  f(); // warm-up
  const v = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    v.push(performance.now() - t);
  }
  v.sort((a, b) => a - b);
  const at = (p) => v[Math.floor(((v.length - 1) * p) / 100)];
  return { medianMs: at(50), p90Ms: at(90), n };
}

function rate(n, f) {
  if (!f()) throw new Error('the operation failed');
  const t = performance.now();
  for (let i = 0; i < n; i++) if (!f()) throw new Error('the operation failed');
  return n / ((performance.now() - t) / 1000);
}

const model = readManifests(text);
const report = resolve(model, options);
if (!Array.isArray(report.components)) throw new Error('resolve returned no components');
const wasm = {
  resolveEndToEnd: timeRuns(native.resolveEndToEnd.n, () => resolve(text, options)),
  resolveParsed: timeRuns(native.resolveParsed.n, () => resolve(model, options)),
};
for (const name of ['rsa', 'p256']) {
  const c = chains[name];
  const input = { ...c, dnsName: 'argocd-server', now: chains.now };
  wasm[`verify_${name}_pem`] = rate(name === 'rsa' ? 3000 : 1500, () => verifyChain(input).ok === true);
}

const rows = [];
const ms = (label, key, stat) =>
  rows.push([`${label} ${stat === 'medianMs' ? 'median' : 'p90'} (ms)`, native[key][stat], wasm[key][stat], wasm[key][stat] / native[key][stat]]);
ms('readManifests+resolve', 'resolveEndToEnd', 'medianMs');
ms('readManifests+resolve', 'resolveEndToEnd', 'p90Ms');
ms('resolve parsed model', 'resolveParsed', 'medianMs');
ms('resolve parsed model', 'resolveParsed', 'p90Ms');
for (const name of ['rsa', 'p256']) {
  const k = `verify_${name}_pem`;
  // For rates the ratio is native/wasm, so that > 1 always means "wasm is slower".
  rows.push([`verifyChain ${name} PEM (chains/s)`, native[k], wasm[k], native[k] / wasm[k]]);
}
const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
console.log(`\n${'benchmark'.padEnd(40)}${'native'.padStart(12)}${'wasm'.padStart(12)}${'wasm slower x'.padStart(16)}`);
for (const [label, n, w, r] of rows) {
  console.log(`${label.padEnd(40)}${f(n).padStart(12)}${f(w).padStart(12)}${r.toFixed(2).padStart(16)}`);
}
console.log(`(native only: verify on parsed certificates rsa ${f(native.verify_rsa_parsed)}/s, p256 ${f(native.verify_p256_parsed)}/s; parse+inspect ${f(native.parseInspectPerSec)} certificates/s over ${native.corpusCertificates} corpus certificates)`);
