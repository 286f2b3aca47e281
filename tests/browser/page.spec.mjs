// The planner page in headless Chromium: the example renders, upstream installs and broken
// configurations give the findings the reference predicts, PEM files become Secret keys, share
// links round-trip without keys, certificate data is inert, nothing leaves 127.0.0.1, and axe
// finds no serious or critical accessibility violation. Screenshots go to test-results/screenshots.
import { test, expect } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const shared = (p) => fileURLToPath(new URL(`../../../shared/${p}`, import.meta.url));
const repo = (p) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const shots = 'test-results/screenshots';

let requests;
let consoleErrors;

test.beforeEach(async ({ page }) => {
  requests = [];
  consoleErrors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  mkdirSync(shots, { recursive: true });
});

test.afterEach(async () => {
  const outside = requests.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('blob:http://127.0.0.1:'));
  expect(outside, 'requests that left 127.0.0.1').toEqual([]);
  expect(consoleErrors, 'console errors (CSP violations show up here)').toEqual([]);
});

async function open(page, hash = '') {
  await page.goto(`/www/${hash}`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
}

/** The finding codes the report element shows. */
async function shownCodes(page) {
  return page.evaluate(() => [...new Set(document.getElementById('report').report.findings.map((f) => f.code))].sort());
}

async function expectShown(page, codes) {
  const findings = page.locator('argocd-tls-report').locator('[part~="findings"]');
  for (const code of codes) await expect(findings).toContainText(code);
}

test('the example renders a diagram and findings', async ({ page }) => {
  await open(page);
  await expect(page.locator('#engine-version')).toHaveText(/^v\d+\.\d+\.\d+$/);
  const report = page.locator('argocd-tls-report');
  await expect(report.locator('svg').first()).toBeVisible();
  // The example (src/example.rs): Dex strict TLS with the repo-server's certificate in
  // argocd-dex-server-tls (TLS204, TLS304), an unlabelled cert-manager argocd-server-tls (TLS106),
  // unverified appset/notifications (TLS202).
  await expectShown(page, ['TLS204', 'TLS304', 'TLS106', 'TLS202']);
  await expect(report).toContainText('x509: certificate is valid for argocd-repo-server, argocd-repo-server.argocd.svc, not argocd-dex-server');
  await expect(page.locator('#endpoints tbody tr').first()).toBeVisible();
  await expect(page.locator('#timelines svg.timeline').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/page-example.png`, fullPage: true });
});

for (const name of ['argocd-v2.4.28-install.yaml', 'argocd-v2.11.14-install.yaml', 'argocd-v2.14.21-install.yaml', 'argocd-v3.5.1-install.yaml', 'argocd-v3.5.1-ha-install.yaml', 'argocd-v3.5.1-install-with-hydrator.yaml']) {
  test(`adding the upstream ${name} shows the predicted findings`, async ({ page }) => {
    test.setTimeout(90_000);
    await open(page);
    await page.locator('#base').selectOption('none');
    const version = /v([\d.]+)-/.exec(name)[1];
    await page.locator('#version').selectOption(version);
    // 1.9 MB: added as a file, as a user drops it (typing it into the textarea is not the point).
    await page.locator('#files').setInputFiles(shared(`fixtures/upstream/${name}`));
    // Reference: self-signed certificates (TLS108), the 307 redirect (TLS116), unverified clients
    // (TLS202); no ALPN before 2.14 (TLS105).
    const [major, minor] = version.split('.').map(Number);
    const want = ['TLS108', 'TLS116', 'TLS202', ...(major === 2 && minor < 14 ? ['TLS105'] : [])].sort();
    await expect.poll(() => shownCodes(page), { timeout: 20_000 }).toEqual(want);
    await expectShown(page, want);
  });
}

test('a broken configuration: disable TLS on the repo-server in 3.5', async ({ page }) => {
  await open(page);
  await page.locator('#base').selectOption('standard');
  await page.locator('#manifests').fill('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cmd-params-cm\ndata:\n  reposerver.disable.tls: "true"\n');
  await expect.poll(() => shownCodes(page)).toContain('TLS009');
  await expectShown(page, ['TLS009']);
  await expect(page.locator('argocd-tls-report')).toContainText('--client-ca-path cannot be used when --disable-tls is enabled');
  await page.screenshot({ path: `${shots}/page-broken.png`, fullPage: true });
});

test('unreadable YAML gives a positioned error and the page recovers', async ({ page }) => {
  await open(page);
  await page.locator('#manifests').fill('kind: ConfigMap\nmetadata: [unclosed\n');
  const alert = page.locator('#input-error');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('pasted:');
  await page.locator('#manifests').fill('');
  await expect(alert).toBeHidden();
});

test('dropping a PEM pair makes it the repo-server certificate', async ({ page }) => {
  await open(page);
  await page.locator('#base').selectOption('standard');
  await page.locator('#files').setInputFiles([
    { name: 'repo-server.crt', mimeType: 'application/x-pem-file', buffer: readFileSync(repo('src/example/repo-server.crt')) },
    { name: 'repo-server.key', mimeType: 'application/x-pem-file', buffer: readFileSync(repo('src/example/repo-server.key')) },
  ]);
  await expect(page.locator('#file-list li')).toHaveCount(2);
  await expect(page.locator('#file-list')).toContainText('tls.crt');
  await expect(page.locator('#file-list')).toContainText('tls.key');
  // A mounted repo-server certificate is read once (TLS110) instead of generated (TLS108 for it).
  await expect.poll(() => shownCodes(page)).toContain('TLS110');
  const source = await page.evaluate(() => document.getElementById('report').report.components.find((c) => c.name === 'argocd-repo-server').endpoints[0].tls.certificate.source);
  expect(source).toBe('secret/argocd-repo-server-tls[tls.crt]');
  await page.screenshot({ path: `${shots}/page-dropped-pem.png`, fullPage: true });
});

test('a share link round-trips the state and carries no key', async ({ page, context }) => {
  await open(page);
  await page.locator('#base').selectOption('standard');
  await page.locator('#files').setInputFiles([
    { name: 'repo-server.crt', mimeType: 'application/x-pem-file', buffer: readFileSync(repo('src/example/repo-server.crt')) },
    { name: 'repo-server.key', mimeType: 'application/x-pem-file', buffer: readFileSync(repo('src/example/repo-server.key')) },
  ]);
  await page.getByRole('tab', { name: 'Settings' }).click();
  const strict = page.locator('select[data-key="server.repo.server.strict.tls"]');
  await strict.selectOption('true');
  await expect.poll(() => shownCodes(page)).toContain('TLS011');
  await page.locator('#share').click();
  await page.locator('#share-certs').check();
  const url = await page.locator('#share-url').inputValue();
  const payload = Buffer.from(new URL(url).hash.replace('#s=', ''), 'base64url').toString('utf8');
  expect(payload).not.toContain('PRIVATE KEY');
  expect(JSON.parse(payload).params['server.repo.server.strict.tls']).toBe('true');
  expect(JSON.parse(payload).certs['argocd-repo-server-tls']['tls.crt']).toContain('BEGIN CERTIFICATE');
  const other = await context.newPage();
  other.on('request', (r) => requests.push(r.url()));
  await open(other, new URL(url).hash);
  await expect(other.locator('#base')).toHaveValue('standard');
  await expect.poll(() => shownCodes(other)).toContain('TLS011');
});

test('certificate fields render as inert text', async ({ page }) => {
  await open(page);
  await page.getByRole('tab', { name: 'Certificates' }).click();
  await page.locator('#pem-input').fill(readFileSync(repo('tests/fixtures/certs/xss.crt'), 'utf8'));
  const card = page.locator('#pem-result').locator('li.card');
  await expect(card).toHaveCount(1);
  // Go's Name.String() escapes < and > (CN=\<img …\>); the markup shows as text either way.
  await expect(card).toContainText('img src=x onerror=');
  await expect(card).toContainText('><svg onload=alert(1)>.example');
  expect(await card.locator('img, script, svg').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await page.screenshot({ path: `${shots}/page-xss.png`, fullPage: true });
});

test('keyboard: tabs switch with arrow keys', async ({ page }) => {
  await open(page);
  await page.getByRole('tab', { name: 'Manifests' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#pane-settings')).toBeVisible();
});

test('axe finds no serious or critical violation, light and dark, wide and narrow', async ({ page }) => {
  const axe = readFileSync(repo('node_modules/axe-core/axe.min.js'), 'utf8');
  for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 420]]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width, height: 800 });
    await open(page);
    // Evaluated through the DevTools protocol: the page's CSP stays in force for the page itself.
    await page.evaluate(axe);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `${v.id}: ${v.nodes.length} node(s)`);
    expect(bad, `axe (${scheme}, ${width}px)`).toEqual([]);
    await page.screenshot({ path: `${shots}/page-${scheme}-${width}.png`, fullPage: true });
  }
});

test('exports: report JSON, SARIF and fix snippets', async ({ page }) => {
  await open(page);
  const grab = async (id) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#${id}`).click()]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  };
  const json = await grab('export-json');
  expect(json.name).toBe('argocd-tls-report.json');
  const report = JSON.parse(json.text);
  expect(report.schemaVersion).toBe(1);
  expect(report.findings.map((f) => f.code)).toContain('TLS204');
  const sarif = await grab('export-sarif');
  const log = JSON.parse(sarif.text);
  expect(log.version).toBe('2.1.0');
  expect(log.runs[0].results.map((r) => r.ruleId)).toContain('TLS204');
  const fixes = await grab('export-fixes');
  expect(fixes.text).toContain('# TLS204 error');
  expect(fixes.text).toContain('server.repo.server.ca.cert.path');
  for (const f of [json, sarif, fixes]) expect(f.text).not.toContain('PRIVATE KEY');
});

test('works offline once loaded', async ({ page, context }) => {
  await open(page);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  // A second load puts everything the page fetched in the cache (the worker controls it now).
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  await expectShown(page, ['TLS204']);
  await context.setOffline(false);
});
