// The timeline view's Rotate action in headless Chromium: picking a rotation opens the Plan tab
// with the engine's rotation target and plans it from the page's state; the plan JSON the page
// downloads is byte for byte what `argocd-tls-planner plan --rotate KIND` prints for the same
// input. The page encodes no rule: an impossible rotation comes back as the engine's error.
import { test, expect } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
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

async function grab(page, locator) {
  const [d] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const chunks = [];
  for await (const c of await d.createReadStream()) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

async function open(page, fixture) {
  await page.goto('/www/');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  await page.locator('#base').selectOption('standard');
  await page.locator('#version').selectOption('3.5.1');
  await page.locator('#now').fill(NOW.slice(0, 19));
  await page.locator('#now').dispatchEvent('change');
  await page.locator('#files').setInputFiles(repo(`tests/fixtures/timeline/${fixture}.yaml`));
  await expect(page.locator('#timeline-view .tl-summary')).toContainText('The first outage is at', { timeout: 20_000 });
}

for (const kind of ['leaf', 'compromised']) {
  test(`Rotate (${kind}) opens the Plan tab with the rotation; its JSON is the CLI's`, async ({ page }) => {
    test.setTimeout(300_000);
    const target = process.env.CARGO_TARGET_DIR || repo('target');
    execFileSync('cargo', ['build', '--offline', '--quiet', '--release', '--bin', 'argocd-tls-planner'], { cwd: repo(''), stdio: 'inherit' });
    const native = join(target, 'release', 'argocd-tls-planner');
    const r = spawnSync(native, [
      'plan', repo('tests/fixtures/timeline/cert-manager.yaml'), '--base', 'standard', '--argocd-version', '3.5.1',
      '--namespace', 'argocd', '--now', NOW, '--rotate', kind, '--format', 'json',
    ], { encoding: 'utf8', maxBuffer: 256 << 20 });
    expect([0, 1], r.stderr).toContain(r.status);
    const cli = r.stdout;

    await open(page, 'cert-manager');
    await page.locator('#rotate-kind').selectOption(kind);
    await page.locator('#rotate').click();
    await expect(page.getByRole('tab', { name: 'Plan' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('#plan-posture')).toContainText(`"kind": "${kind}"`);
    await expect(page.locator('body[data-planned="1"]')).toBeAttached({ timeout: 120_000 });
    await expect(page.locator('#plan-error')).toBeHidden();
    const shown = await page.evaluate(() => document.getElementById('plan').plan);
    expect(shown.rotation.kind).toBe(kind);
    expect(shown.steps.some((s) => s.commands.some((c) => c.startsWith('cmctl renew -n argocd argocd-repo-server')))).toBe(true);
    const json = await grab(page, page.locator('#plan-download-json'));
    expect(json).toBe(cli);
    // Editing the form leaves the rotation: the posture shown is the form's again.
    await page.locator('#plan-tls-profile').selectOption('modern');
    await expect(page.locator('#plan-posture')).not.toContainText('"rotate"');
  });
}

test('an impossible rotation shows the engine\'s error in the Plan tab', async ({ page }) => {
  test.setTimeout(120_000);
  await open(page, 'ca-rotation');
  await page.locator('#rotate-kind').selectOption('dex-leaf');
  await page.locator('#rotate').click();
  await expect(page.locator('#plan-error')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#plan-error')).toContainText("needs that CA's key");
});
