// The page's timeline view against the CLI: for the same input (a timeline fixture laid over the
// standard install) the timeline JSON the page downloads is the JSON `argocd-tls-planner
// timeline --format json` prints for the page's window; picking an instant sets "now" and the
// diagram shows that instant.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = (p) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const NOW = '2027-01-01T00:00:00Z';

let consoleErrors;
test.beforeEach(async ({ page }) => {
  consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.clock.setFixedTime(new Date(NOW));
});

test.afterEach(async () => {
  expect(consoleErrors, 'console errors').toEqual([]);
});

async function download(page, locator) {
  const [d] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const chunks = [];
  for await (const c of await d.createReadStream()) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

function cli(fixture, from, until) {
  // Exit status 1: an outage falls in the window (every fixture has one).
  const r = spawnSync('cargo', [
    'run', '--quiet', '--offline', '--bin', 'argocd-tls-planner', '--',
    'timeline', repo(`tests/fixtures/timeline/${fixture}.yaml`), '--base', 'standard', '--argocd-version', '3.5.1',
    '--namespace', 'argocd', '--from', from, '--until', until, '--margin', '14d', '--format', 'json',
  ], { cwd: repo(''), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`the CLI exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

for (const fixture of ['staggered', 'intermediate-first', 'ca-rotation', 'cert-manager']) {
  test(`the page and the CLI agree on the timeline of ${fixture}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/www/');
    await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
    await page.locator('#base').selectOption('standard');
    await page.locator('#version').selectOption('3.5.1');
    await page.locator('#files').setInputFiles(repo(`tests/fixtures/timeline/${fixture}.yaml`));
    await expect(page.locator('#timeline-view .tl-summary')).toContainText('The first outage is at', { timeout: 20_000 });
    const fromPage = JSON.parse(await download(page, page.locator('#download-timeline')));
    const fromCli = cli(fixture, fromPage.from, fromPage.until);
    expect(fromPage).toEqual(fromCli);
    expect(fromPage.instants.length).toBeGreaterThan(0);
  });
}

test('picking an outage sets now and the diagram shows that instant', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/www/');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  await page.locator('#base').selectOption('standard');
  await page.locator('#version').selectOption('3.5.1');
  await page.locator('#files').setInputFiles(repo('tests/fixtures/timeline/staggered.yaml'));
  const marker = page.locator('#timeline-view circle.instant.outage').first();
  await expect(marker).toBeVisible({ timeout: 20_000 });
  const conn = () => page.evaluate(() => document.getElementById('report').report.connections.find((c) => c.client === 'argocd-server' && c.server === 'argocd-dex-server'));
  expect((await conn()).outcome).toBe('ok');
  // The first outage: the Dex leaf's notAfter (2027-03-01T00:00:00Z); its first failing second.
  expect(await marker.getAttribute('data-at')).toBe('2027-03-01T00:00:00Z');
  await marker.click();
  await expect.poll(() => page.evaluate(() => document.getElementById('report').report.now)).toBe('2027-03-01T00:00:01Z');
  const after = await conn();
  expect(after.outcome).toBe('fails');
  expect(after.error.client).toContain('x509: certificate has expired or is not yet valid: current time 2027-03-01T00:00:01Z is after 2027-03-01T00:00:00Z');
  await page.screenshot({ path: 'test-results/screenshots/page-timeline.png', fullPage: true });
  await page.locator('#timeline-view').screenshot({ path: 'test-results/screenshots/timeline-view.png' });
});
