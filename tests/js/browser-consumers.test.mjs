// The installed tarball in headless Chromium: (1) a Vite app importing the package by name with
// no init, built with `vite build`; (2) a plain ES-module page using 'argocd-tls-planner/web' and
// `await init()`. Both must compute a report and render it with the package's
// <argocd-tls-report> ('argocd-tls-planner/elements'; web/ is not there), and no request may
// leave 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { installPackage, repo } from './consumer.mjs';
import { serveStatic, chromiumOptions } from './serve-static.mjs';

let installed;
let browser;
let expected;
let expectedEdges;

before(async () => {
  installed = installPackage('argocd-tls-planner-browser-');
  cpSync(join(repo, 'tests/consumers/vite'), installed.project, { recursive: true });
  cpSync(join(repo, 'tests/consumers/web'), join(installed.project, 'web'), { recursive: true });
  cpSync(join(repo, 'tests/consumers/generate.js'), join(installed.project, 'generate.js'));
  cpSync(join(repo, 'tests/consumers/generate.js'), join(installed.project, 'web/generate.js'));
  browser = await chromium.launch(chromiumOptions);
  const api = await import('../../pkg/node.js');
  const report = api.resolve(api.defaultExample(), { now: '2027-06-01T00:00:00Z' });
  expected = report.findings.map((f) => f.code).join(',');
  expectedEdges = report.connections.map((c) => `${c.client}->${c.server} ${c.outcome}`);
});

after(async () => {
  await browser?.close();
  installed?.cleanup();
});

async function load(origin, path) {
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${origin}${path}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 }).catch(() => {
    throw new Error(`page did not render: ${errors.join('\n')}`);
  });
  const codes = await page.getAttribute('body', 'data-codes');
  const findings = await page.textContent('#findings');
  const element = await readElement(page);
  const beforeGenerate = [...requests];
  // Then generate RSA-2048 certificates with WebCrypto, with progress, while the page stays live.
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.click('#generate');
  await page.waitForSelector('body[data-generated]', { timeout: 120_000 });
  const generated = await page.getAttribute('body', 'data-generated');
  const steps = await page.getAttribute('body', 'data-steps');
  const maxGap = Number(await page.getAttribute('body', 'data-max-gap'));
  const elapsed = Number(await page.getAttribute('body', 'data-elapsed'));
  await page.close();
  return { requests, errors, codes, findings, element, beforeGenerate, workers, generated, steps, maxGap, elapsed };
}

/** What <argocd-tls-report> rendered in its shadow DOM, and what selecting the first connection shows. */
async function readElement(page) {
  return page.evaluate(() => {
    const el = document.querySelector('argocd-tls-report');
    const root = el?.shadowRoot;
    if (!root) return null;
    const edges = [...root.querySelectorAll('svg[part~="diagram"] g.edge')];
    edges[0]?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return {
      defined: customElements.get('argocd-tls-report') === el.constructor,
      styled: root.adoptedStyleSheets.length,
      edges: edges.map((g) => `${g.dataset.client}->${g.dataset.server} ${g.dataset.outcome}`),
      findings: [...root.querySelectorAll('li.finding')].map((li) => li.dataset.code).join(','),
      summary: root.querySelector('[part~="summary"]')?.textContent ?? '',
      details: root.querySelector('[part~="details"]')?.textContent ?? '',
    };
  });
}

/** The element rendered the same report as the engine gives in Node: every connection, every finding. */
function assertElement(e) {
  assert.ok(e, '<argocd-tls-report> has no shadow root: the element was not defined');
  assert.equal(e.defined, true);
  assert.equal(e.styled, 1);
  assert.ok(expectedEdges.length > 0);
  assert.deepEqual(e.edges, expectedEdges);
  assert.equal(e.findings, expected);
  assert.match(e.summary, /TLS report\s*Argo CD 3\.\d+\.\d+/);
  const [client, server] = expectedEdges[0].split(' ')[0].split('->');
  assert.ok(e.details.startsWith(`${client} → ${server}`), e.details);
  assert.match(e.details, /Address/);
}

/** The generation checks shared by both consumers. */
function assertGenerated(r) {
  assert.equal(r.generated, 'verified');
  assert.equal(r.steps, '0/2:ca,1/2:leaf,2/2:done');
  // Generation downloads nothing (no second module) and needs no Worker: WebCrypto works off
  // the page's thread, and the engine only writes and checks the certificates.
  assert.deepEqual(r.requests.slice(r.beforeGenerate.length), [], 'generation fetched something');
  assert.equal(r.requests.filter((u) => u.endsWith('.wasm')).length, 1, r.requests.join('\n'));
  assert.deepEqual(r.workers, []);
  // How long the page's timer stalls during generation is a benchmark (tools/bench-browser.mjs),
  // not an assertion; printed for the record.
  console.log(`RSA-2048 CA + leaf via WebCrypto: ${r.elapsed} ms, longest timer stall ${r.maxGap} ms`);
}

test('a Vite build with no init step renders the report with the package\'s element in Chromium', async () => {
  execFileSync(join(repo, 'node_modules/.bin/vite'), ['build', '--config', 'vite.config.mjs'], { cwd: installed.project, stdio: 'pipe' });
  const dist = join(installed.project, 'dist');
  const assets = readdirSync(join(dist, 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `no wasm emitted: ${assets}`);
  const server = await serveStatic(dist);
  try {
    const r = await load(server.origin, '/');
    assert.deepEqual(r.errors, []);
    assert.equal(r.codes, expected);
    assert.equal(Number(r.findings), expected.split(',').length);
    assertElement(r.element);
    assert.ok(r.requests.some((u) => u.endsWith('.wasm')), r.requests.join('\n'));
    assertGenerated(r);
    for (const u of r.requests) assert.ok(u.startsWith(`${server.origin}/`), `request left 127.0.0.1: ${u}`);
  } finally {
    await server.close();
  }
});

test('a plain ES-module page with argocd-tls-planner/web and await init()', async () => {
  assert.ok(existsSync(join(installed.project, 'node_modules/argocd-tls-planner/web.js')));
  const server = await serveStatic(installed.project);
  try {
    const r = await load(server.origin, '/web/');
    assert.deepEqual(r.errors, []);
    assert.equal(r.codes, expected);
    assert.ok(r.requests.some((u) => u.endsWith('/node_modules/argocd-tls-planner/wasm/argocd_tls_planner_bg.wasm')), r.requests.join('\n'));
    assertElement(r.element);
    assert.ok(r.requests.some((u) => u.endsWith('/node_modules/argocd-tls-planner/elements/argocd-tls-report.js')), r.requests.join('\n'));
    assertGenerated(r);
    for (const u of r.requests) assert.ok(u.startsWith(`${server.origin}/`), `request left 127.0.0.1: ${u}`);
  } finally {
    await server.close();
  }
});
