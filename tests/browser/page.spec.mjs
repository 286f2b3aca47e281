// The planner page in headless Chromium: the example shows, pasted PEM is inspected, garbage
// gives a clear error, and nothing is requested from anywhere but 127.0.0.1.
import { test, expect } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';

const testServer = readFileSync(
  new URL('../../../shared/corpora/argocd-test-certs/test_fixture_certs_argocd-test-server.crt', import.meta.url),
  'utf8',
);

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
});

test.afterEach(async () => {
  const outside = requests.filter((u) => !u.startsWith('http://127.0.0.1:'));
  expect(outside, 'requests that left 127.0.0.1').toEqual([]);
  expect(consoleErrors, 'console errors (CSP violations show up here)').toEqual([]);
});

async function open(page) {
  await page.goto('/');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 15_000 });
}

test('the example is inspected on load', async ({ page }) => {
  await open(page);
  await expect(page.locator('#engine-version')).toHaveText(/^v\d+\.\d+\.\d+$/);
  const cards = page.locator('argocd-tls-certificates').locator('li.card');
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toContainText('CN=argocd-repo-server,O=Example Ops');
  await expect(cards.first()).toContainText('argocd-repo-server.argocd.svc');
  await expect(page.locator('#pem-status')).toHaveText('2 certificates');
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/inspector-example.png', fullPage: true });
});

test('pasting a PEM shows its fields', async ({ page }) => {
  await open(page);
  await page.locator('#pem-input').fill(testServer);
  const card = page.locator('argocd-tls-certificates').locator('li.card');
  await expect(card).toHaveCount(1);
  // Values from `openssl x509 -noout -subject -issuer -ext subjectAltName` on the same file.
  await expect(card).toContainText('CN=localhost');
  await expect(card).toContainText('CN=ArgoCD Test CA');
  await expect(card).toContainText('localhost, argocd-e2e-server');
  await expect(card).toContainText('127.0.0.1');
  await expect(card).toContainText('2125-11-24T21:15:51Z');
});

test('garbage gives a clear error, and the page recovers', async ({ page }) => {
  await open(page);
  await page.locator('#pem-input').fill('this is not a certificate');
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Cannot read this input (line 1)');
  await expect(alert).toContainText('not PEM');
  await expect(page.locator('argocd-tls-certificates').locator('li.card')).toHaveCount(0);
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots/inspector-error.png', fullPage: true });

  await page.locator('#pem-input').fill('-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n');
  await expect(alert).toContainText('malformed');

  await page.getByRole('button', { name: 'Load example' }).click();
  await expect(alert).toBeHidden();
  await expect(page.locator('argocd-tls-certificates').locator('li.card')).toHaveCount(2);
});

test('certificate fields render as inert text', async ({ page }) => {
  await open(page);
  // Cards are built with textContent; a subject with markup must not create elements.
  await page.evaluate(() => {
    const el = document.getElementById('pem-result');
    el.certificates = [
      {
        subject: '<img src=x onerror="window.__pwned=1">',
        issuer: '<script>window.__pwned=1</script>',
        serial: '1', notBefore: '2020-01-01T00:00:00Z', notAfter: '2030-01-01T00:00:00Z',
        dnsNames: ['<b>x</b>'], ipAddresses: [], emailAddresses: [], uris: [],
        keyType: 'RSA', keyBits: 2048, curve: null, signatureAlgorithm: 'SHA256-RSA', isCa: false,
        sha256Fingerprint: '00',
      },
    ];
  });
  const card = page.locator('argocd-tls-certificates').locator('li.card');
  await expect(card).toContainText('<img src=x onerror="window.__pwned=1">');
  expect(await card.locator('img, script, b').count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('cards are keyboard reachable and announce selection', async ({ page }) => {
  await open(page);
  const selected = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.addEventListener('argocd-tls-certificate-select', (e) => resolve(e.detail.index), { once: true }),
      ),
  );
  await page.locator('argocd-tls-certificates').locator('li.card').nth(1).focus();
  await page.keyboard.press('Enter');
  expect(await selected).toBe(1);
});
