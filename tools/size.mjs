// `make size`: what the npm package ships, raw and gzipped (-9), against the budget, and — when
// the un-optimised cargo output with its name section is around — which crates the code comes from.
// Usage: node tools/size.mjs [path/to/raw.wasm]
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET_PACKAGE_GZ = 420 * 1024;
const kb = (n) => `${(n / 1024).toFixed(1).padStart(8)} KB`;

// The budget is for the whole package as npm ships it: every file `npm pack` puts in the tarball
// (wasm, glue, entries, elements, types, README, LICENSE), and the tarball is gzip. There is no
// separate first-render budget: the page needs the wasm module, its glue and one entry.
const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: 'pkg', encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0];
console.log('the npm package (raw / gzip -9 per file):');
let raw = 0;
let gz = 0;
for (const { path } of pack.files) {
  const b = readFileSync(join('pkg', path));
  const z = gzipSync(b, { level: 9 }).length;
  raw += b.length;
  gz += z;
  console.log(`  ${path.padEnd(42)} ${kb(b.length)} ${kb(z)} gz`);
}
if (!pack.files.some((f) => f.path.endsWith('.wasm'))) console.log('  (no wasm: run make wasm)');
console.log(`  ${'files'.padEnd(42)} ${kb(raw)} ${kb(gz)} gz`);
console.log(`the tarball (npm pack, ${pack.files.length} files): ${kb(pack.size)}   budget ${kb(BUDGET_PACKAGE_GZ)}: ${pack.size <= BUDGET_PACKAGE_GZ ? 'ok' : 'OVER'}`);

// Where the code comes from: the cargo output (before wasm-bindgen/wasm-opt) keeps a name section;
// `make wasm` keeps it in target/wasm-raw/.
const target = process.env.CARGO_TARGET_DIR ?? 'target';
const raws = process.argv[2] ? [process.argv[2]] : ['argocd_tls_planner'].map((n) => join(target, `wasm-raw/${n}.wasm`));
for (const raw of raws.filter((r) => existsSync(r))) {
  const { sections, functions } = readWasm(readFileSync(raw));
  console.log(`\n${raw} (before wasm-opt) by section:`);
  for (const [name, len] of sections.filter(([, l]) => l > 1024)) console.log(`  ${name.padEnd(30)} ${kb(len)}`);
  const byCrate = new Map();
  for (const { name, size } of functions) byCrate.set(crateOf(name), (byCrate.get(crateOf(name)) ?? 0) + size);
  const total = functions.reduce((a, f) => a + f.size, 0);
  console.log(`code by crate (top ${process.env.TOP ?? 20} of ${byCrate.size}, ${kb(total)} of function bodies):`);
  for (const [c, n] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 20))) {
    console.log(`  ${c.padEnd(30)} ${kb(n)} ${((100 * n) / total).toFixed(1).padStart(5)} %`);
  }
}

/** Section sizes and function body sizes with their names (a minimal wasm reader). */
function readWasm(b) {
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    let x;
    do {
      x = b[p++];
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  };
  const ids = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount'];
  let imported = 0;
  const bodies = [];
  const names = new Map();
  const sections = [];
  while (p < b.length) {
    const id = b[p++];
    const len = leb();
    const end = p + len;
    let name = ids[id] ?? String(id);
    if (id === 0) {
      const nl = leb();
      name = `custom ${b.subarray(p, p + nl).toString()}`;
      p += nl;
      if (name === 'custom name') {
        while (p < end) {
          const sub = b[p++];
          const subEnd = leb() + p;
          if (sub === 1) {
            for (let n = leb(); n > 0; n--) {
              const idx = leb();
              const l = leb();
              names.set(idx, b.subarray(p, p + l).toString());
              p += l;
            }
          }
          p = subEnd;
        }
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        // Module and field names. Not `p += leb()`: that adds the length to `p` as it was before
        // the length was read, and every function after the imports got the wrong name.
        for (let k = 0; k < 2; k++) {
          const len = leb();
          p += len;
        }
        const kind = b[p++];
        if (kind === 0) {
          leb();
          imported++;
        } else if (kind === 1) {
          p++;
          if (b[p++] & 1) leb();
          leb();
        } else if (kind === 2) {
          if (b[p++] & 1) leb();
          leb();
        } else p += 2;
      }
    } else if (id === 10) {
      for (let n = leb(), i = 0; i < n; i++) {
        const l = leb();
        bodies.push({ index: imported + i, size: l });
        p += l;
      }
    }
    sections.push([name, len]);
    p = end;
  }
  return { sections, functions: bodies.map((f) => ({ ...f, name: names.get(f.index) ?? '' })) };
}

/** The crate a (legacy or v0) mangled Rust symbol belongs to; for `<A as B>` impls, A's crate. */
function crateOf(sym) {
  const v0 = sym.match(/^_R.*?C[sa-zA-Z0-9]*?_(\d+)([A-Za-z_][A-Za-z0-9_]*)/);
  if (sym.startsWith('_R') && v0) return v0[2].slice(0, Number(v0[1]));
  const legacy = sym.match(/^_ZN(\d+)(.*)$/);
  if (!legacy) return sym ? sym.split(/[^A-Za-z0-9_]/)[0] || '(other)' : '(unnamed)';
  const first = legacy[2].slice(0, Number(legacy[1]));
  if (!first.startsWith('_$LT$')) return first;
  const inner = legacy[2].match(/([a-z_][a-z0-9_]*)\.\./);
  return inner ? inner[1] : '(impl)';
}
