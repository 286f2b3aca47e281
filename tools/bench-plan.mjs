// Plans in wasm under Node beside the native numbers examples/bench-plan.rs wrote (`make
// bench-plan`): the same inputs, median of 5, and the wasm/native ratio.
//   node tools/bench-plan.mjs [dir]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { plan } from '../pkg/node.js';

const dir = process.argv[2] ?? 'target/bench-plan';
const native = JSON.parse(readFileSync(`${dir}/native.json`, 'utf8'));
const names = Object.keys(native.cases);
names.forEach((name, i) => {
  const files = [{ name: `case${i}.yaml`, text: readFileSync(`${dir}/case${i}.yaml`, 'utf8') }];
  const posture = readFileSync(`${dir}/case${i}.posture.yaml`, 'utf8');
  const options = { now: native.now, argocdVersion: '3.5.1' };
  const times = [];
  let steps = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    steps = plan(files, posture, options).steps.length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const wasm = times[2];
  const n = native.cases[name];
  if (steps !== n.steps) throw new Error(`${name}: ${steps} steps in wasm, ${n.steps} natively`);
  console.log(`${name}: ${steps} steps   native ${n.medianMs.toFixed(1)} ms   wasm ${wasm.toFixed(1)} ms   wasm/native ${(wasm / n.medianMs).toFixed(2)}×`);
});
