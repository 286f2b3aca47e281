// Plans in wasm under Node beside the native numbers examples/bench-plan.rs wrote (`make
// bench-plan`): the same inputs, median of 5, and the wasm/native ratio — in CPU time (Node's
// process.cpuUsage(), user + system, so its GC threads count too; natively this thread's) and in
// wall time. On a shared machine the wall time swings with the load; compare CPU times.
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
  const cpu = [];
  let steps = 0;
  for (let k = 0; k < 5; k++) {
    const [t, c] = [performance.now(), process.cpuUsage()];
    steps = plan(files, posture, options).steps.length;
    times.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [wasm, wasmCpu] = [median(times), median(cpu)];
  const n = native.cases[name];
  if (steps !== n.steps) throw new Error(`${name}: ${steps} steps in wasm, ${n.steps} natively`);
  const ms = (x) => `${x.toFixed(1)} ms`;
  console.log(`${name}: ${steps} steps   CPU: native ${ms(n.cpuMs)}   wasm ${ms(wasmCpu)}   wasm/native ${(wasmCpu / n.cpuMs).toFixed(2)}×`
    + `   (wall: native ${ms(n.medianMs)}   wasm ${ms(wasm)})`);
});
