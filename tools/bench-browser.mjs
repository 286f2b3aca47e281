// `make bench` (browser part): in headless Debian Chromium, the time to fetch + instantiate the
// wasm and the first `resolve` of the upstream v3.5.1 install (median of fresh page loads).
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { serveStatic, chromiumOptions } from '../tests/js/serve-static.mjs';

const repo = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'argocd-tls-planner-bench-'));
cpSync(join(repo, 'pkg'), join(dir, 'pkg'), { recursive: true });
cpSync(join(repo, '../shared/fixtures/upstream/argocd-v3.5.1-install.yaml'), join(dir, 'install.yaml'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="bench.js"></script>');
writeFileSync(join(dir, 'bench.js'), `
const yaml = await (await fetch('install.yaml')).text();
const t0 = performance.now();
const m = await import('./pkg/web.js');
await m.default();
const t1 = performance.now();
const report = m.resolve(yaml, { now: '2026-06-01T00:00:00Z' });
const t2 = performance.now();
for (let i = 0; i < 5; i++) m.resolve(yaml, { now: '2026-06-01T00:00:00Z' });
const t3 = performance.now();
window.result = { init: t1 - t0, first: t2 - t1, warm: (t3 - t2) / 5, findings: report.findings.length };
`);
const server = await serveStatic(dir);
const browser = await chromium.launch(chromiumOptions);
const runs = [];
try {
  for (let i = 0; i < 7; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => window.result, null, { timeout: 60_000 });
    runs.push(await page.evaluate(() => window.result));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[runs.length >> 1];
console.log(`Chromium (${runs.length} fresh loads, median): fetch+compile+instantiate ${median('init').toFixed(1)} ms, first resolve of the v3.5.1 install ${median('first').toFixed(1)} ms (${runs[0].findings} findings), warm resolve ${median('warm').toFixed(1)} ms, instantiate+first resolve ${(median('init') + median('first')).toFixed(1)} ms`);
