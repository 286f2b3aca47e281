// The engine's benchmarks in wasm under Node, side by side with the native numbers.
//
// `make bench-engine` first runs the native benchmark (examples/bench.rs), which writes the
// inputs and its numbers to target/bench-engine/; this script times the built package
// (pkg/node.js, from `make wasm`) on the same inputs, the same way (same run counts, medians),
// and prints every native row with its wasm number and the ratio.
//   node tools/bench-engine.mjs [dir]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Engine, readManifests, resolve, verifyChain } from '../pkg/node.js';

const dir = process.argv[2] ?? 'target/bench-engine';
const native = JSON.parse(readFileSync(`${dir}/native.json`, 'utf8'));
const text = readFileSync(`${dir}/install.yaml`, 'utf8');
const chains = JSON.parse(readFileSync(`${dir}/chains.json`, 'utf8'));
const variants = JSON.parse(readFileSync(`${dir}/variants.json`, 'utf8'));
const instances = JSON.parse(readFileSync(`${dir}/instances.json`, 'utf8'));
const upstream = readFileSync(new URL('../../shared/fixtures/upstream/argocd-v3.5.1-install.yaml', import.meta.url), 'utf8');
const NOW_S = Math.floor(Date.parse(chains.now) / 1000);
const options = { now: chains.now };

// Sorted durations, as examples/bench.rs's time_runs (one warm-up run first).
function timeRuns(n, f) {
  f();
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

// timeRuns in CPU time of this process (`process.cpuUsage()`), for the rows whose ratio is the
// point (100 instances against one): wall time swings by ±30 % on a shared machine.
function cpuTimeRuns(n, f) {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  f();
  const v = [];
  for (let i = 0; i < n; i++) {
    const t = cpu();
    f();
    v.push(cpu() - t);
  }
  v.sort((a, b) => a - b);
  const at = (p) => v[Math.floor(((v.length - 1) * p) / 100)];
  return { medianMs: at(50), p90Ms: at(90), meanMs: v.reduce((a, b) => a + b, 0) / v.length, n };
}

function rate(n, f) {
  if (!f()) throw new Error('the operation failed');
  const t = performance.now();
  for (let i = 0; i < n; i++) if (!f()) throw new Error('the operation failed');
  return n / ((performance.now() - t) / 1000);
}

// examples/bench.rs's plan_states: argocd-cmd-params-cm varied over n states.
function planStates(model, n) {
  const versions = ['1.0', '1.1', '1.2', '1.3', ''];
  return Array.from({ length: n }, (_, i) => {
    const state = structuredClone(model);
    const cm = state.configMaps.find((c) => c.name === 'argocd-cmd-params-cm');
    if (cm) {
      const set = (k, v) => {
        if (v === '') delete cm.data[k];
        else cm.data[k] = v;
      };
      set('server.tls.minversion', versions[i % 5]);
      set('reposerver.tls.minversion', versions[Math.floor(i / 5) % 5]);
      set('server.insecure', i % 2 === 0 ? 'false' : '');
    }
    return state;
  });
}

const n = (key) => native[key].n;
const model = readManifests(text);
const report = resolve(model, options);
if (!Array.isArray(report.components)) throw new Error('resolve returned no components');
const wasm = {
  resolveEndToEnd: timeRuns(n('resolveEndToEnd'), () => resolve(text, options)),
  resolveParsed: timeRuns(n('resolveParsed'), () => resolve(model, options)),
};
for (const name of ['p256', 'rsa', 'chain']) {
  const m = readManifests(variants[name]);
  wasm[`resolveCold_${name}`] = timeRuns(n(`resolveCold_${name}`), () => resolve(m, options));
  const engine = new Engine();
  wasm[`resolveWarm_${name}`] = timeRuns(n(`resolveWarm_${name}`), () => engine.resolve(m, options));
  engine.free();
  const states = planStates(m, variants.plan);
  wasm[`resolvePlan50_${name}`] = timeRuns(n(`resolvePlan50_${name}`), () => {
    const e = new Engine();
    states.forEach((s, i) => e.resolve(s, { now: (NOW_S + 3600 * i) * 1000 }));
    e.free();
  });
}
const readResolve = (e, [namespace, secrets]) =>
  e.resolve([{ name: 'install.yaml', text: upstream }, { name: 'secrets.yaml', text: secrets }], { ...options, namespace });
wasm.instances1 = cpuTimeRuns(n('instances1'), () => {
  const e = new Engine();
  readResolve(e, instances[0]);
  e.free();
});
wasm.instances100 = cpuTimeRuns(n('instances100'), () => {
  const e = new Engine();
  for (const inst of instances) readResolve(e, inst);
  e.free();
});
const chainNames = ['rsa', 'p256', 'p384', 'p521'].filter((c) => chains[c]);
for (const name of chainNames) {
  const c = chains[name];
  const input = { ...c, dnsName: 'argocd-server', now: chains.now };
  wasm[`verify_${name}_pem`] = rate({ rsa: 3000, p256: 1500 }[name] ?? 500, () => verifyChain(input).ok === true);
}

const rows = [];
const ms = (label, key, stat = 'medianMs') =>
  rows.push([`${label} ${stat === 'medianMs' ? 'median' : 'p90'} (ms)`, native[key][stat], wasm[key][stat], wasm[key][stat] / native[key][stat]]);
ms('readManifests+resolve', 'resolveEndToEnd');
ms('readManifests+resolve', 'resolveEndToEnd', 'p90Ms');
ms('resolve parsed model', 'resolveParsed');
ms('resolve parsed model', 'resolveParsed', 'p90Ms');
for (const name of ['p256', 'rsa', 'chain']) {
  ms(`resolve ${name}: one-shot`, `resolveCold_${name}`);
  ms(`resolve ${name}: engine (warm)`, `resolveWarm_${name}`);
  ms(`resolve ${name}: ${variants.plan} states`, `resolvePlan50_${name}`);
}
ms('1 instance read+resolve (CPU)', 'instances1');
ms('100 instances read+resolve (CPU)', 'instances100');
for (const name of chainNames) {
  const k = `verify_${name}_pem`;
  // For rates the ratio is native/wasm, so that > 1 always means "wasm is slower".
  rows.push([`verifyChain ${name} PEM (chains/s)`, native[k], wasm[k], native[k] / wasm[k]]);
}
const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
console.log(`\n${'benchmark'.padEnd(44)}${'native'.padStart(12)}${'wasm'.padStart(12)}${'wasm slower x'.padStart(16)}`);
for (const [label, nat, w, r] of rows) {
  console.log(`${label.padEnd(44)}${f(nat).padStart(12)}${f(w).padStart(12)}${r.toFixed(2).padStart(16)}`);
}
const per = (k) => wasm[k].medianMs;
console.log(`wasm: 50 states / one one-shot resolve: ${['p256', 'rsa', 'chain'].map((v) => `${v} ${(per(`resolvePlan50_${v}`) / per(`resolveCold_${v}`)).toFixed(1)}x`).join(', ')}; 100 instances / one: ${(wasm.instances100.meanMs / wasm.instances1.meanMs).toFixed(1)}x (budget 105x, means, CPU time: ${wasm.instances100.meanMs.toFixed(0)} ms vs ${wasm.instances1.meanMs.toFixed(2)} ms)`);
console.log(`(native only: verify on parsed certificates ${chainNames.map((c) => `${c} ${f(native[`verify_${c}_parsed`])}/s`).join(', ')}; parse+inspect ${f(native.parseInspectPerSec)} certificates/s over ${native.corpusCertificates} corpus certificates)`);
