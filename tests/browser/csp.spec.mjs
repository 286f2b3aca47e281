// The page's Content-Security-Policy holds on a static host that sends no CSP header: the policy
// is also in www/index.html as a <meta http-equiv>. Here the test server's header is stripped
// from every response (route interception) and the page must still render while an injected
// inline script is blocked by the meta policy; a control run without the <meta> shows the same
// injection running, so the block is the meta's doing.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const page_ = readFileSync(fileURLToPath(new URL('../../www/index.html', import.meta.url)), 'utf8');
const metaTag = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page_);

// Route interception does not see requests a service worker answers: keep it out.
test.use({ serviceWorkers: 'block' });

/** Serve everything without a CSP header; `withoutMeta` also drops the page's <meta> policy. */
async function stripCsp(page, { withoutMeta = false } = {}) {
  const seen = [];
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if (headers['content-security-policy']) seen.push(route.request().url());
    delete headers['content-security-policy'];
    let body = await response.body();
    if (withoutMeta && route.request().resourceType() === 'document') {
      body = body.toString('utf8').replace(metaTag[0], '');
    }
    await route.fulfill({ response, headers, body });
  });
  return seen;
}

/** Injects an inline <script> and an inline style; reports whether each took effect and the violations. */
async function inject(page) {
  return page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push({ directive: e.effectiveDirective, disposition: e.disposition, policy: e.originalPolicy }),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.head.append(script);
    const probe = document.createElement('p');
    probe.id = 'csp-probe';
    document.body.append(probe);
    const style = document.createElement('style');
    style.textContent = '#csp-probe { margin-left: 77px; }';
    document.head.append(style);
    await new Promise((r) => setTimeout(r, 100));
    return {
      scriptRan: window.__inlineRan === true,
      styleApplied: getComputedStyle(probe).marginLeft === '77px',
      violations,
    };
  });
}

test('the <meta> policy is the header policy minus frame-ancestors', async ({ request }) => {
  expect(metaTag, 'www/index.html has a CSP <meta>').not.toBeNull();
  // Before any script or stylesheet: a <meta> policy governs only what follows it.
  expect(page_.indexOf(metaTag[0])).toBeLessThan(page_.search(/<script|<link rel="stylesheet"/));
  const header = (await request.get('/www/')).headers()['content-security-policy'];
  expect(header).toBe(`${metaTag[1]}; frame-ancestors 'none'`);
  for (const directive of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "base-uri 'none'", "form-action 'none'"]) {
    expect(metaTag[1].split('; ')).toContain(directive);
  }
});

test('served with no CSP header, the page renders and its <meta> policy blocks inline script and style', async ({ page }) => {
  const stripped = await stripCsp(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const response = await page.goto('/www/');
  expect(response.headers()['content-security-policy']).toBeUndefined();
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  // The page works under its own policy: the engine (wasm) ran and the element drew the report.
  await expect(page.locator('argocd-tls-report').locator('svg[part~="diagram"] g.edge').first()).toBeAttached();
  expect(errors).toEqual([]);
  expect(stripped.length, 'the test server sent a header that was stripped').toBeGreaterThan(0);
  const r = await inject(page);
  expect(r.scriptRan, 'an injected inline script ran').toBe(false);
  expect(r.styleApplied, 'an injected inline style applied').toBe(false);
  expect(r.violations).toContainEqual({ directive: 'script-src-elem', disposition: 'enforce', policy: metaTag[1] });
  expect(r.violations).toContainEqual({ directive: 'style-src-elem', disposition: 'enforce', policy: metaTag[1] });
});

test('control: with neither the header nor the <meta>, the same injection runs', async ({ page }) => {
  await stripCsp(page, { withoutMeta: true });
  await page.goto('/www/');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 20_000 });
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(0);
  const r = await inject(page);
  expect(r.scriptRan).toBe(true);
  expect(r.styleApplied).toBe(true);
  expect(r.violations).toEqual([]);
});
