// Prints the size of what a page loads from the npm package: raw and gzipped.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const files = [
  'pkg/wasm/argocd_tls_planner_bg.wasm',
  'pkg/wasm/argocd_tls_planner.js',
  'pkg/web.js',
  'pkg/index.js',
];
let raw = 0;
let gz = 0;
console.log('size of the package a page needs (raw / gzip -9):');
for (const f of files) {
  if (!existsSync(f)) {
    console.log(`  ${f}: missing (run make wasm)`);
    continue;
  }
  const b = readFileSync(f);
  const z = gzipSync(b, { level: 9 }).length;
  raw += b.length;
  gz += z;
  console.log(`  ${f.padEnd(40)} ${(b.length / 1024).toFixed(1).padStart(8)} KB ${(z / 1024).toFixed(1).padStart(8)} KB gz`);
}
console.log(`  ${'total'.padEnd(40)} ${(raw / 1024).toFixed(1).padStart(8)} KB ${(gz / 1024).toFixed(1).padStart(8)} KB gz`);
