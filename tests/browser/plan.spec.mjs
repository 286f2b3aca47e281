// The page's Plan tab in headless Chromium: a posture picked with the form is planned from the
// page's state and its steps are shown; the state stepper draws a pair that fails in red in the
// naive order's state where it fails (and nothing that works today fails in the plan's order);
// the plan JSON the page downloads is byte for byte what the native CLI prints for the same input
// and posture, and the bundle (one tar) holds exactly the files the CLI writes with
// `--format kustomize --out`. No private key anywhere in the page's DOM.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const shared = (p) => fileURLToPath(new URL(`../../../shared/${p}`, import.meta.url));
const repo = (p) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const shots = 'test-results/screenshots';
const NOW = '2027-01-15T00:00:00Z';
const INSTALL = shared('fixtures/upstream/argocd-v3.5.1-install.yaml');
// The posture the form is set to below, as the CLI reads it.
const POSTURE = 'repoServer:\n  certificate:\n    from: certManager\n    createCaIssuer: true\n';

let consoleErrors;

test.beforeEach(async ({ page }) => {
  consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  mkdirSync(shots, { recursive: true });
  await page.clock.setFixedTime(new Date(NOW));
});

test.afterEach(async () => {
  expect(consoleErrors, 'console errors (CSP violations show up here)').toEqual([]);
});

async function open(page) {
  await page.goto('/www/');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
}

/** Picks "repo-server from cert-manager, with a CA issuer chain the plan creates" and plans. */
async function planCertManager(page) {
  await page.getByRole('tab', { name: 'Plan' }).click();
  await page.locator('#plan-repoServer-from').selectOption('certManager');
  await page.locator('#plan-repoServer-create-ca').check();
  await expect(page.locator('#plan-posture')).toHaveText(/"createCaIssuer": true/);
  const before = Number((await page.locator('body').getAttribute('data-planned')) ?? 0);
  await page.locator('#plan-start').click();
  await expect(page.locator(`body[data-planned="${before + 1}"]`)).toBeAttached({ timeout: 120_000 });
  await expect(page.locator('#plan-error')).toBeHidden();
}

/** A download's name and bytes. */
async function grab(page, locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** Every text in the document, shadow roots included (the elements render in Shadow DOM). */
async function allText(page) {
  return page.evaluate(() => {
    const out = [];
    const walk = (root) => {
      for (const n of root.querySelectorAll('*')) {
        if (n.shadowRoot) walk(n.shadowRoot);
        if (n.value !== undefined && typeof n.value === 'string') out.push(n.value);
      }
      out.push(root.textContent ?? '');
    };
    walk(document);
    return out.join('\n');
  });
}

test('the Plan tab plans a posture on the example and shows the steps', async ({ page }) => {
  test.setTimeout(180_000);
  await open(page);
  await planCertManager(page);
  const plan = page.locator('argocd-tls-plan');
  await expect(plan).toBeVisible();
  const result = await page.evaluate(() => document.getElementById('plan').plan);
  expect(result.schemaVersion).toBe(2);
  expect(result.steps.length).toBeGreaterThan(0);
  // Every step the engine planned is shown, in order, with its title, commands and why.
  const steps = plan.locator('[part~="step"]');
  await expect(steps).toHaveCount(result.steps.length);
  for (const [i, step] of result.steps.entries()) {
    await expect(steps.nth(i)).toContainText(step.title);
    if (step.commands.length) await expect(steps.nth(i).locator('[part~="commands"]')).toContainText(step.commands[0]);
  }
  await expect(plan.locator('[part~="summary"]')).toContainText(result.safe ? 'safe' : 'not safe');
  await expect(plan.locator('[part~="stepper"] svg.diagram')).toBeVisible();
  // The cert-manager chain: the bootstrap Issuer, the CA Certificate, the CA Issuer, the leaf.
  await expect(plan).toContainText('argocd-ca-issuer');
  await expect(plan).toContainText('kubectl');
  expect(await allText(page)).not.toContain('PRIVATE KEY');
  await page.screenshot({ path: `${shots}/plan-example.png`, fullPage: true });
  // The form (with "my CA" open) and the plan: no serious or critical axe violation, light and dark.
  await page.locator('#plan-dex-from').selectOption('myCa');
  const axe = readFileSync(repo('node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axe);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `${v.id}: ${v.nodes.length} node(s) ${v.nodes[0]?.target}`);
    expect(bad, `axe, Plan tab (${scheme})`).toEqual([]);
  }
  // A plan is of the state it was made from: changing the state says so.
  await expect(page.locator('#plan-stale')).toBeHidden();
  await page.locator('#namespace').fill('argo');
  await expect(page.locator('#plan-stale')).toBeVisible();
});

test('stepping through the naive order shows a failing edge in red; the plan order breaks nothing', async ({ page }) => {
  test.setTimeout(180_000);
  await open(page);
  await page.locator('#base').selectOption('standard');
  await planCertManager(page);
  const plan = page.locator('argocd-tls-plan');
  const result = await page.evaluate(() => document.getElementById('plan').plan);
  expect(result.safe).toBe(true);
  expect(result.naive.safe).toBe(false);
  // The engine's first naive state where a connection that works today fails.
  const failing = result.naive.states.findIndex((s) => s.connections.some((c) => c.outcome === 'fails' && c.worksToday));
  expect(failing).toBeGreaterThanOrEqual(0);
  const pair = result.naive.states[failing].connections.find((c) => c.outcome === 'fails' && c.worksToday);
  await plan.locator('[data-order="naive"]').first().click();
  const stepper = plan.locator('[part~="stepper"]');
  for (let i = 0; i < failing; i++) await stepper.locator('[data-nav="next"]').click();
  await expect(stepper.locator('svg.diagram')).toHaveAttribute('data-state', String(failing));
  await expect(stepper.locator('svg.diagram')).toHaveAttribute('data-order', 'naive');
  const edge = stepper.locator(`g.edge[data-outcome="fails"][data-client="${pair.client}"][data-server="${pair.server}"]`).first();
  await expect(edge).toBeVisible();
  const red = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bad').trim());
  expect(red).toBe('#b91c1c');
  await expect(edge.locator('path.line')).toHaveCSS('stroke', 'rgb(185, 28, 28)');
  // The error the engine gives is what the stepper shows for that state.
  await expect(stepper).toContainText(pair.error.client);
  await stepper.screenshot({ path: `${shots}/plan-naive-failing.png` });
  // The state before it (if any) draws that pair as working.
  if (failing > 0) {
    await stepper.locator('[data-nav="prev"]').click();
    await expect(stepper.locator(`g.edge[data-outcome="fails"][data-works-today="true"]`)).toHaveCount(
      result.naive.states[failing - 1].connections.filter((c) => c.outcome === 'fails' && c.worksToday).length,
    );
  }
  // Every state of the plan's own order: no red edge for a connection that works today.
  await plan.locator('[data-order="plan"]').first().click();
  const count = await page.evaluate(() => document.getElementById('plan').stateCount('plan'));
  expect(count).toBe(result.steps.reduce((n, s) => n + s.states.length, 0));
  for (let i = 0; i < count; i++) {
    await expect(stepper.locator('svg.diagram')).toHaveAttribute('data-state', String(i));
    await expect(stepper.locator('g.edge[data-works-today="true"]').first()).toBeVisible();
    await expect(stepper.locator('g.edge[data-outcome="fails"][data-works-today="true"]')).toHaveCount(0);
    if (i < count - 1) await stepper.locator('[data-nav="next"]').click();
  }
  await expect(stepper.locator('[data-nav="next"]')).toBeDisabled();
});

/** Every file under `dir`, as relative path → bytes. */
function tree(dir) {
  const out = {};
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

test('the page\'s plan JSON and bundle are the native CLI\'s, byte for byte', async ({ page }) => {
  test.setTimeout(300_000);
  const target = process.env.CARGO_TARGET_DIR || repo('target');
  execFileSync('cargo', ['build', '--offline', '--quiet', '--release', '--bin', 'argocd-tls-planner'], { cwd: repo(''), stdio: 'inherit' });
  const native = join(target, 'release', 'argocd-tls-planner');
  const dir = mkdtempSync(join(tmpdir(), 'plan-page-'));
  writeFileSync(join(dir, 'posture.yaml'), POSTURE);
  const args = ['plan', INSTALL, '--target', join(dir, 'posture.yaml'), '--now', NOW, '--argocd-version', '3.5.1', '--namespace', 'argocd'];
  const cli = execFileSync(native, [...args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  execFileSync(native, [...args, '--format', 'kustomize', '--out', join(dir, 'cli-bundle')]);

  await open(page);
  await page.locator('#base').selectOption('none');
  await page.locator('#version').selectOption('3.5.1');
  await page.locator('#now').fill(NOW.slice(0, 19));
  await page.locator('#now').dispatchEvent('change');
  await page.locator('#files').setInputFiles(INSTALL);
  await expect(page.locator('#file-list')).toContainText('argocd-v3.5.1-install.yaml');
  await expect.poll(() => page.evaluate(() => document.getElementById('report').report.now)).toBe(NOW);
  await planCertManager(page);

  const json = await grab(page, page.locator('#plan-download-json'));
  expect(json.name).toBe('argocd-tls-plan-3.5.1.json');
  expect(json.bytes.toString('utf8')).toBe(cli);
  expect(JSON.parse(cli).now).toBe(NOW);

  const script = await grab(page, page.locator('#plan-download-script'));
  expect(script.bytes.toString('utf8')).toBe(execFileSync(native, [...args, '--format', 'script'], { encoding: 'utf8', maxBuffer: 256 << 20 }));

  const bundle = await grab(page, page.locator('#plan-download-bundle'));
  expect(bundle.name).toBe('argocd-tls-plan-3.5.1.tar');
  writeFileSync(join(dir, 'bundle.tar'), bundle.bytes);
  mkdirSync(join(dir, 'page'));
  execFileSync('tar', ['-m', '-xf', join(dir, 'bundle.tar'), '-C', join(dir, 'page')]);
  const mine = tree(join(dir, 'page', 'argocd-tls-plan'));
  const theirs = tree(join(dir, 'cli-bundle'));
  expect(Object.keys(mine)).toEqual(Object.keys(theirs));
  for (const [path, bytes] of Object.entries(theirs)) expect(mine[path].equals(bytes), path).toBe(true);
  expect(Object.keys(mine)).toContain('kustomize/kustomization.yaml');
});

test('a posture with certificates made here: their keys are only in the bundle', async ({ page }) => {
  test.setTimeout(180_000);
  await open(page);
  await page.locator('#base').selectOption('standard');
  await page.getByRole('tab', { name: 'Plan' }).click();
  await page.locator('#plan-repoServer-from').selectOption('generate');
  await page.locator('#plan-start').click();
  await expect(page.locator('body[data-planned="1"]')).toBeAttached({ timeout: 120_000 });
  await expect(page.locator('#plan-error')).toBeHidden();
  await expect(page.locator('#plan-status')).toContainText('1 certificate made in this browser');
  const result = await page.evaluate(() => document.getElementById('plan').plan);
  expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  expect(await allText(page)).not.toContain('PRIVATE KEY');
  const json = await grab(page, page.locator('#plan-download-json'));
  expect(json.bytes.toString('utf8')).not.toContain('PRIVATE KEY');
  expect(json.bytes.toString('utf8')).toContain('<private key: only in the bundle\'s files>');
  const script = await grab(page, page.locator('#plan-download-script'));
  expect(script.bytes.toString('utf8')).not.toContain('PRIVATE KEY');
  const bundle = await grab(page, page.locator('#plan-download-bundle'));
  const dir = mkdtempSync(join(tmpdir(), 'plan-page-keys-'));
  writeFileSync(join(dir, 'bundle.tar'), bundle.bytes);
  execFileSync('tar', ['-m', '-xf', join(dir, 'bundle.tar'), '-C', dir]);
  const files = tree(join(dir, 'argocd-tls-plan'));
  const withKey = Object.entries(files).filter(([, b]) => b.toString('utf8').includes('PRIVATE KEY') || /tls\.key: [A-Za-z0-9+/=]{100,}/.test(b.toString('utf8'))).map(([p]) => p);
  expect(withKey.length).toBeGreaterThan(0);
  for (const p of withKey) expect(p, 'a key outside a Secret file').toMatch(/secret/i);
  expect(files['plan.json'].toString('utf8')).toBe(json.bytes.toString('utf8'));
  // The share link carries no posture and no key.
  await page.locator('#share').click();
  const link = await page.locator('#share-url').inputValue();
  const decoded = Buffer.from(link.split('#s=')[1].replaceAll('-', '+').replaceAll('_', '/'), 'base64').toString('utf8');
  expect(decoded).not.toContain('PRIVATE KEY');
  expect(decoded).not.toContain('repoServer');
});
