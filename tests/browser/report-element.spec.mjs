// <argocd-tls-report> in headless Chromium, on web/demo.html (served by tools/serve.mjs with a
// strict CSP): the diagram, edge styles, findings, selection by mouse and keyboard, the details
// panel, inert rendering of hostile strings, the resolver hook, narrow and dark layouts. Reports
// are the hand-written fixtures under tests/fixtures/reports/.
import { test, expect } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/reports/${name}.json`, import.meta.url), 'utf8'));
const shots = 'test-results/screenshots';
// The clock is pinned (Playwright's clock emulation) inside the example certificates' validity
// (2026-11-29 … 2029-03-03), so nothing shown depends on the date the suite runs on.
const NOW = '2027-06-01T00:00:00Z';

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
  await page.clock.setFixedTime(new Date(NOW));
});

test.afterEach(async () => {
  const outside = requests.filter((u) => !u.startsWith('http://127.0.0.1:'));
  expect(outside, 'requests that left 127.0.0.1').toEqual([]);
  expect(consoleErrors, 'console errors (CSP violations show up here)').toEqual([]);
});

async function show(page, name) {
  await page.goto('/web/demo.html');
  await expect(page.locator('body[data-ready="true"]')).toBeAttached({ timeout: 15_000 });
  if (name) {
    await page.evaluate((r) => {
      document.getElementById('report').report = r;
    }, fixture(name));
  }
  return page.locator('argocd-tls-report');
}

/**
 * Arms a listener for the next argocd-tls-select event (registered before the action, so a fast
 * keyboard event cannot overtake it) and returns a function that waits for its detail.
 */
async function armSelect(page) {
  await page.evaluate(() => {
    window.__selected = new Promise((resolve) =>
      document.addEventListener(
        'argocd-tls-select',
        (e) => {
          const { kind, name, index, client, server, code } = e.detail;
          resolve({
            kind, name, index, client, server, code,
            composed: e.composed, bubbles: e.bubbles,
            hasObject: Boolean(e.detail.component || e.detail.connection || e.detail.finding),
          });
        },
        { once: true },
      ),
    );
  });
  return () => page.evaluate(() => window.__selected);
}

const edge = (el, client, server) => el.locator(`svg.diagram g.edge[data-client="${client}"][data-server="${server}"]`);
const node = (el, name) => el.locator(`svg.diagram g.node[data-name="${name}"]`);

test('healthy report: every component starts, edges styled by verification', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const el = await show(page, 'healthy');
  await expect(el.locator('svg.diagram g.node')).toHaveCount(8);
  await expect(el.locator('svg.diagram g.node[data-state="starts"]')).toHaveCount(8);
  await expect(el.locator('svg.diagram g.edge')).toHaveCount(9);
  await expect(el.locator('svg.diagram g.edge[data-outcome="fails"]')).toHaveCount(0);
  // verified: solid; skip-verify: dashed; plaintext: dotted — by class, data and accessible name.
  const verified = edge(el, 'argocd-server', 'argocd-repo-server');
  await expect(verified).toHaveClass(/\bverified\b/);
  await expect(verified).toHaveAttribute('aria-label', 'argocd-server → argocd-repo-server: TLS, certificate verified; works');
  const unverified = edge(el, 'argocd-applicationset-controller', 'argocd-repo-server');
  await expect(unverified).toHaveClass(/\bunverified\b/);
  await expect(unverified).toHaveAttribute('aria-label', /TLS, certificate not verified; works$/);
  const plain = edge(el, 'argocd-application-controller', 'argocd-commit-server');
  await expect(plain).toHaveClass(/\bplaintext\b/);
  await expect(plain).toHaveAttribute('aria-label', /: plaintext; works$/);
  // The patterns really differ in the rendered SVG (not only the class names).
  const dash = (loc) => loc.locator('path.line').evaluate((p) => getComputedStyle(p).strokeDasharray);
  expect(await dash(verified)).toBe('none');
  expect(await dash(unverified)).toBe('7px, 4px');
  expect(await dash(plain)).toBe('0.1px, 4.5px');
  await expect(verified.locator('title')).toHaveText(/verified; works/);
  // Findings grouped by severity, counted.
  await expect(el.locator('.group[data-severity="error"]')).toHaveCount(0);
  await expect(el.locator('.group[data-severity="warning"] li.finding')).toHaveCount(3);
  await expect(el.locator('.group[data-severity="info"] li.finding')).toHaveCount(4);
  await expect(el.locator('.findings > h3')).toHaveText('Findings (7)');
  await expect(el.locator('.summary')).toContainText('Argo CD 3.5.1 · namespace argocd');
  await expect(el.locator('.summary .chip.warning')).toHaveText('3 warnings');
  await expect(el.locator('.summary .chip.components')).toHaveText('8/8 components start');
  // The SVG was built as SVG (namespace), not parsed from markup.
  expect(await el.locator('svg.diagram').evaluate((s) => s.namespaceURI)).toBe('http://www.w3.org/2000/svg');
  await page.screenshot({ path: `${shots}/report-healthy.png`, fullPage: true });
});

test('ways in: each one drawn as clients → edge → argocd-server, with every client outcome', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const el = await show(page, 'ways-in');
  const ways = el.locator('[part="ways-in"] article.way-in');
  await expect(ways).toHaveCount(2);
  const http = el.locator('article.way-in[data-name="Ingress/argocd-server-http"]');
  await expect(http).toHaveAttribute('data-basis', 'observed');
  // Both hops drawn with the diagram's connection styles: TLS to the edge, plaintext HTTP/1.1 on.
  await expect(http.locator('svg.way g.edge')).toHaveCount(2);
  await expect(http.locator('svg.way g.edge').nth(1)).toHaveClass(/\bplaintext\b/);
  await expect(http.locator('li[data-client="browser"] .pill')).toHaveText('works');
  await expect(http.locator('li[data-client="argocd-cli"]')).toHaveAttribute('data-result', 'not-grpc');
  await expect(http.locator('li[data-client="argocd-cli"] pre.err')).toContainText('unexpected content-type');
  await expect(http.locator('li[data-client="argocd-cli"] .fix')).toContainText('--grpc-web');
  // The GRPCS Ingress to an --insecure argocd-server fails for every client, drawn as failing.
  const grpc = el.locator('article.way-in[data-name="Ingress/argocd-server-grpc"]');
  await expect(grpc.locator('li[data-result="bad-gateway"]')).toHaveCount(5);
  await expect(grpc.locator('svg.way')).toHaveAttribute('aria-label', 'Ingress/argocd-server-grpc: 5 of 5 clients fail');
  expect(await grpc.locator('svg.way').evaluate((s) => s.namespaceURI)).toBe('http://www.w3.org/2000/svg');
  await page.screenshot({ path: `${shots}/report-ways-in.png`, fullPage: true });
});

test('failing report: failing edges and components are marked, not by colour alone', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const el = await show(page, 'failing');
  const failing = el.locator('svg.diagram g.edge[data-outcome="fails"]');
  await expect(failing).toHaveCount(6);
  for (const g of await failing.all()) {
    await expect(g).toHaveClass(/\bfails\b/);
    await expect(g).toHaveAttribute('part', 'edge edge-fails');
    await expect(g).toHaveAttribute('aria-label', /; FAILS$/);
    await expect(g.locator('text.badge')).toHaveText('✕');
  }
  const unknown = edge(el, 'argocd-notifications-controller', 'argocd-repo-server');
  await expect(unknown).toHaveAttribute('data-outcome', 'unknown');
  await expect(unknown.locator('text.badge')).toHaveText('?');
  const redisOk = edge(el, 'argocd-server', 'argocd-redis');
  await expect(redisOk).toHaveAttribute('data-outcome', 'ok');
  await expect(redisOk.locator('text.badge')).toHaveCount(0);
  // A failing edge is drawn in the "bad" colour, an ok one is not.
  const stroke = (loc) => loc.locator('path.line').evaluate((p) => getComputedStyle(p).stroke);
  expect(await stroke(edge(el, 'argocd-server', 'argocd-repo-server'))).not.toBe(await stroke(redisOk));
  // Components that exit at startup.
  await expect(el.locator('svg.diagram g.node[data-state="fails"]')).toHaveCount(2);
  for (const name of ['argocd-dex-server', 'argocd-commit-server']) {
    await expect(node(el, name)).toHaveAttribute('part', 'node node-failed');
    await expect(node(el, name).locator('text.status')).toHaveText('exits at startup');
    await expect(node(el, name)).toHaveAttribute('aria-label', `${name}: exits at startup`);
  }
  // Findings grouped and counted.
  await expect(el.locator('.group[data-severity="error"] h4')).toHaveText('✕Errors (6)');
  await expect(el.locator('.group[data-severity="warning"] li.finding')).toHaveCount(2);
  await expect(el.locator('.group[data-severity="info"] li.finding')).toHaveCount(1);
  await expect(el.locator('.group').first()).toHaveAttribute('data-severity', 'error');
  // `quoted` keys and flags in messages and hints are shown as code, the backticks dropped.
  const tls203 = el.locator('li.finding[data-code="TLS203"]');
  await expect(tls203.locator('.message code')).toHaveText(['applicationsetcontroller.repo.server.plaintext']);
  await expect(tls203.locator('.message')).not.toContainText('`');
  await expect(tls203.locator('[part="hint"] code')).toHaveText(['applicationsetcontroller.repo.server.plaintext', 'reposerver.disable.tls: "true"']);
  await expect(el.locator('.summary .chip.error').first()).toHaveText('6 errors');
  await expect(el.locator('.summary')).toContainText('6/9 connections fail');
  await expect(el.locator('.summary')).toContainText('6/8 components start');
  await page.screenshot({ path: `${shots}/report-failing.png`, fullPage: true });
});

test('mouse: selecting an edge fires the event and shows both error texts', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const el = await show(page, 'failing');
  const report = fixture('failing');
  let selected = await armSelect(page);
  await edge(el, 'argocd-server', 'argocd-repo-server').locator('path.hit').click({ force: true });
  expect(await selected()).toEqual({
    kind: 'connection', name: undefined, index: 0, client: 'argocd-server', server: 'argocd-repo-server', code: undefined,
    composed: true, bubbles: true, hasObject: true,
  });
  const details = el.locator('.details');
  await expect(details.locator('h3')).toHaveText('argocd-server → argocd-repo-server' + 'fails');
  await expect(details.locator('pre.err[data-side="client"]')).toHaveText(report.connections[0].error.client);
  await expect(details.locator('pre.err[data-side="server"]')).toHaveText('remote error: tls: bad certificate');
  await expect(details).toContainText('/app/config/reposerver/mtls/server-ca.crt (secret/argocd-repo-server-mtls[server-ca.crt], 1 certificate)');
  await expect(details).toContainText('TLS 1.3 · TLS_AES_128_GCM_SHA256 · ALPN h2');
  await expect(details).toContainText('verified (strict)');
  await expect(edge(el, 'argocd-server', 'argocd-repo-server')).toHaveAttribute('aria-current', 'true');
  // The related finding is one click away and selects it.
  selected = await armSelect(page);
  await details.getByRole('button', { name: /finding TLS204/ }).click();
  expect((await selected()).code).toBe('TLS204');
  await expect(el.locator('li.finding[data-code="TLS204"]')).toHaveClass(/selected/);
  // A node: the startup error.
  selected = await armSelect(page);
  await node(el, 'argocd-dex-server').click();
  const d = await selected();
  expect([d.kind, d.name]).toEqual(['component', 'argocd-dex-server']);
  await expect(details.locator('pre.err')).toHaveText(report.components[2].startupError);
  // The selected component's connections are highlighted, the others not.
  await expect(el.locator('svg.diagram g.edge.related')).toHaveCount(1);
  await expect(edge(el, 'argocd-server', 'argocd-dex-server')).toHaveClass(/related/);
  await expect(details.locator('h3 .pill')).toHaveText('exits at startup');
  await page.screenshot({ path: `${shots}/report-failing-selected.png`, fullPage: true });
});

test('keyboard: Tab reaches nodes then edges; Enter and Space select', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const el = await show(page, 'failing');
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  const focused = () => page.evaluate(() => {
    const a = document.getElementById('report').shadowRoot.activeElement;
    return a ? a.getAttribute('data-name') ?? `${a.getAttribute('data-client')}->${a.getAttribute('data-server')}` : null;
  });
  expect(await focused()).toBe('argocd-server');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('argocd-application-controller');
  let selected = await armSelect(page);
  await page.keyboard.press('Enter');
  expect(await selected()).toMatchObject({ kind: 'component', name: 'argocd-application-controller' });
  await expect(el.locator('.details > h3')).toContainText('argocd-application-controller');
  // Eight nodes, then the first edge.
  for (let i = 0; i < 7; i += 1) await page.keyboard.press('Tab');
  expect(await focused()).toBe('argocd-server->argocd-repo-server');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('argocd-application-controller->argocd-repo-server');
  selected = await armSelect(page);
  await page.keyboard.press(' ');
  expect(await selected()).toMatchObject({ kind: 'connection', index: 1, client: 'argocd-application-controller' });
  await expect(el.locator('.details')).toContainText('/app/config/controller/tls/tls.crt (missing)');
  // The focus ring is visible on the focused edge.
  const halo = await el.locator('svg.diagram g.edge:focus-visible path.halo').evaluate((p) => getComputedStyle(p).opacity);
  expect(Number(halo)).toBeGreaterThan(0);
  // Findings are buttons: Enter selects.
  selected = await armSelect(page);
  await el.locator('li.finding[data-code="TLS203"] button.fhead').focus();
  await page.keyboard.press('Enter');
  expect(await selected()).toMatchObject({ kind: 'finding', code: 'TLS203', index: 2 });
  await expect(edge(el, 'argocd-applicationset-controller', 'argocd-repo-server')).toHaveClass(/related/);
});

test('certificate chain: expandable, rendered by <argocd-tls-certificates>', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const el = await show(page, 'healthy');
  await node(el, 'argocd-server').click();
  const chain = el.locator('.details details.chain');
  await expect(chain).toHaveCount(1);
  await expect(chain).not.toHaveAttribute('open', '');
  await expect(chain.locator('summary')).toContainText('Certificate chain (2): CN=argocd.example.com,O=Example Ops · until 2029-03-03T03:19:51Z');
  await chain.locator('summary').click();
  const cards = chain.locator('argocd-tls-certificates li.card');
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toContainText('argocd.example.com, argocd-server, argocd-server.argocd.svc');
  await expect(cards.nth(1)).toContainText('chain #1 (CA)');
  // Endpoint facts and where settings come from.
  const details = el.locator('.details');
  await expect(details).toContainText('1.2 – 1.3');
  await expect(details).toContainText('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
  await expect(details).toContainText('secret/argocd-server-tls · persistent · hot-reloaded');
  await expect(details).toContainText('A (SSL-Labs style) · Mozilla intermediate');
  await expect(details).toContainText('http/1.1, h2');
  await page.screenshot({ path: `${shots}/report-chain.png`, fullPage: true });
});

test('absent components are greyed, or hidden with hide-absent', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const el = await show(page, 'absent');
  await expect(el.locator('svg.diagram g.node')).toHaveCount(8);
  const absent = el.locator('svg.diagram g.node[data-state="absent"]');
  await expect(absent).toHaveCount(3);
  for (const g of await absent.all()) {
    await expect(g.locator('text.status')).toHaveText('not deployed');
    await expect(g).toHaveAttribute('aria-label', /: not deployed$/);
  }
  await expect(el.locator('svg.diagram g.edge')).toHaveCount(6);
  await expect(el.locator('.summary')).toContainText('Argo CD 2.13.9 · namespace gitops');
  await page.screenshot({ path: `${shots}/report-absent.png`, fullPage: true });
  await page.evaluate(() => document.getElementById('report').setAttribute('hide-absent', ''));
  await expect(el.locator('svg.diagram g.node')).toHaveCount(5);
  await expect(el.locator('svg.diagram g.node[data-state="absent"]')).toHaveCount(0);
  await expect(el.locator('svg.diagram g.edge')).toHaveCount(6);
  await expect(el.locator('.group[data-severity="warning"] li.finding')).toHaveCount(2);
});

test('hostile strings render as inert text', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const el = await show(page, 'xss');
  const report = fixture('xss');
  await node(el, 'argocd-server').click();
  await el.locator('.details details.chain summary').click();
  await expect(el.locator('.details argocd-tls-certificates li.card').first()).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(el.locator('.details')).toContainText('secret/<img src=x onerror="window.__pwned=1">');
  await expect(el.locator('.details')).toContainText('"><svg onload="window.__pwned=3">');
  await node(el, 'argocd-dex-server').click();
  await expect(el.locator('.details pre.err')).toHaveText(report.components[2].startupError);
  await edge(el, 'argocd-server', 'argocd-repo-server').locator('path.hit').click({ force: true });
  await expect(el.locator('.details pre.err[data-side="client"]')).toHaveText(report.connections[0].error.client);
  await expect(el.locator('.details pre.err[data-side="server"]')).toHaveText(report.connections[0].error.server);
  await expect(el.locator('.summary')).toContainText('namespace argocd"><svg onload="window.__pwned=3">');
  await expect(el.locator('li.finding').first()).toContainText('Subject <img src=x onerror="window.__pwned=1"> breaks <script>window.__pwned=2</script>');
  await el.locator('li.finding').first().locator('button.fhead').click();
  // Count what exists in every shadow tree: no element came from the data.
  const census = await page.evaluate(() => {
    const all = [];
    const walk = (root) => {
      for (const e of root.querySelectorAll('*')) {
        all.push(e);
        if (e.shadowRoot) walk(e.shadowRoot);
      }
    };
    walk(document);
    return {
      bad: all.filter((e) => ['img', 'script', 'iframe', 'object', 'embed', 'foreignObject'].includes(e.localName) && e.closest('head') === null).length,
      handlers: all.filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      svgs: all.filter((e) => e.localName === 'svg').length,
      jsLinks: all.filter((e) => e.localName === 'a' && /^javascript:/i.test(e.getAttribute('href') ?? '')).length,
      docsLinks: all.filter((e) => e.localName === 'a').map((a) => a.getAttribute('href')),
    };
  });
  expect(census.bad).toBe(0);
  expect(census.handlers).toBe(0);
  expect(census.svgs).toBe(1 + 8); // the diagram and the eight legend samples
  expect(census.jsLinks).toBe(0);
  // Docs links resolve under docs-base only; the `javascript:` docs value is shown as text.
  expect(census.docsLinks.every((h) => h.startsWith('https://example.invalid/argocd-tls-planner/docs/codes/TLS'))).toBe(true);
  await expect(el.locator('li.finding').first()).toContainText('javascript:window.__pwned=5');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await page.screenshot({ path: `${shots}/report-xss.png`, fullPage: true });
});

test('Copy puts the hint on the clipboard, on click only', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const el = await show(page, 'failing');
  const hint = fixture('failing').findings[3].hint;
  const finding = el.locator('li.finding[data-code="TLS204"]');
  await expect(finding.locator('[part="hint"]')).toHaveText(hint);
  await page.evaluate(() => navigator.clipboard.writeText('untouched'));
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('untouched');
  await finding.getByRole('button', { name: 'Copy the fix for TLS204' }).click();
  await expect(finding.locator('button.copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hint);
});

test('a subject chip selects its connection', async ({ page }) => {
  const el = await show(page, 'failing');
  const selected = await armSelect(page);
  await el.locator('li.finding[data-code="TLS205"]').getByRole('button', { name: 'show connection argocd-application-controller → argocd-repo-server' }).click();
  expect(await selected()).toMatchObject({ kind: 'connection', index: 1 });
  await expect(edge(el, 'argocd-application-controller', 'argocd-repo-server')).toHaveClass(/selected/);
});

test('select() and selection: programmatic, without an event', async ({ page }) => {
  const el = await show(page, 'failing');
  const fired = await page.evaluate(() => {
    const el = document.getElementById('report');
    let n = 0;
    document.addEventListener('argocd-tls-select', () => (n += 1));
    el.select({ kind: 'connection', client: 'argocd-server', server: 'argocd-dex-server' });
    const a = el.selection;
    el.select({ kind: 'component', name: 'argocd-commit-server' });
    const b = el.selection;
    return { n, a, b };
  });
  expect(fired).toEqual({ n: 0, a: { kind: 'connection', index: 4 }, b: { kind: 'component', name: 'argocd-commit-server' } });
  await expect(el.locator('.details pre.err')).toHaveText('error retrieving TLS cipher suites: invalid cipher suite specified: TLS_RSA_WITH_AES_256_GCM_SHA384');
  await page.evaluate(() => document.getElementById('report').select(null));
  expect(await page.evaluate(() => document.getElementById('report').selection)).toBeNull();
  await expect(el.locator('.details .placeholder')).toBeVisible();
  await expect(el.locator('svg.diagram [aria-current]')).toHaveCount(0);
});

test('malformed data renders without throwing; events carry the objects as set', async ({ page }) => {
  const el = await show(page, null);
  const same = await page.evaluate(() => {
    const el = document.getElementById('report');
    el.report = {
      schemaVersion: 3,
      components: [
        null,
        'x',
        {
          name: 'argocd-server', present: true, starts: true,
          endpoints: [null, { name: 'api', port: 8080, tls: { certificate: { chain: [{ subject: 'CN=x', dnsNames: 'oops' }, null] } }, sources: 'nope', grade: 5 }],
        },
      ],
      connections: [null, { client: 'argocd-server', server: 'nowhere' }, { client: 'argocd-server', server: 'argocd-server', outcome: 'weird', error: 'str', negotiated: 'x' }],
      findings: [null, { severity: 'fatal', subjects: 'argocd-server', code: 'TLS999' }, 7],
    };
    let detail = null;
    document.addEventListener('argocd-tls-select', (e) => (detail = e.detail), { once: true });
    el.shadowRoot.querySelector('g.node[data-name="argocd-server"]').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return detail.component === el.report.components[2];
  });
  expect(same).toBe(true);
  await expect(el.locator('.banner[role="note"]')).toContainText('schemaVersion 3');
  await el.locator('.details details.chain summary').click();
  await expect(el.locator('.details argocd-tls-certificates li.card')).toHaveCount(2);
  await expect(el.locator('svg.diagram g.edge')).toHaveCount(1);
  await edge(el, 'argocd-server', 'argocd-server').locator('path.hit').click({ force: true });
  await expect(el.locator('.details > h3')).toContainText('argocd-server → argocd-server');
  await expect(el.locator('.group[data-severity="other"] li.finding')).toHaveCount(3);
  await el.locator('li.finding[data-code="TLS999"] button.fhead').click();
  await expect(el.locator('li.finding[data-code="TLS999"]')).toHaveClass(/selected/);
  await page.evaluate(() => (document.getElementById('report').report = 'not a report'));
  await expect(el.getByRole('alert')).toContainText('Not a planner report');
});

test('a report set before the element is defined is not lost', async ({ page }) => {
  await show(page, null);
  const nodes = await page.evaluate(async (report) => {
    const { ArgocdTlsReport } = await import('/web/argocd-tls-report.js');
    const el = document.createElement('argocd-tls-report-late');
    el.report = report; // an own property until the upgrade
    document.body.append(el);
    customElements.define('argocd-tls-report-late', class extends ArgocdTlsReport {});
    return {
      nodes: el.shadowRoot.querySelectorAll('svg.diagram g.node').length,
      own: Object.prototype.hasOwnProperty.call(el, 'report'),
      same: el.report === report,
    };
  }, fixture('healthy'));
  expect(nodes).toEqual({ nodes: 8, own: false, same: true });
});

test('manifests + now + resolver: resolves itself; a throwing resolver shows an alert', async ({ page }) => {
  const el = await show(page, null);
  await expect(el.locator('.empty')).toHaveText('No report.');
  const calls = await page.evaluate(async (report) => {
    const el = document.getElementById('report');
    const calls = [];
    el.resolver = (manifests, options) => {
      calls.push({ manifests, now: options.now });
      return report;
    };
    el.manifests = 'apiVersion: v1\nkind: ConfigMap\n';
    el.now = '2026-11-29T12:00:00Z';
    await new Promise((r) => setTimeout(r, 50));
    return calls;
  }, fixture('healthy'));
  // The three property sets are batched into one call.
  expect(calls).toEqual([{ manifests: 'apiVersion: v1\nkind: ConfigMap\n', now: '2026-11-29T12:00:00Z' }]);
  await expect(el.locator('svg.diagram g.node')).toHaveCount(8);
  const error = page.evaluate(() => new Promise((resolve) => document.addEventListener('argocd-tls-error', (e) => resolve(e.detail.error.message), { once: true })));
  await page.evaluate(() => {
    const el = document.getElementById('report');
    el.resolver = () => {
      throw Object.assign(new Error('mapping values are not allowed <b>here</b>'), { file: '<input>', line: 3, column: 7 });
    };
  });
  expect(await error).toBe('mapping values are not allowed <b>here</b>');
  const alert = el.getByRole('alert');
  await expect(alert).toHaveText('Cannot resolve these manifests (<input>:3:7): mapping values are not allowed <b>here</b>');
  await expect(el.locator('svg.diagram g.node')).toHaveCount(0);
});

test('narrow screen: one column, scaled to the width, text still legible', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const el = await show(page, 'failing');
  const svg = el.locator('svg.diagram');
  await expect(svg).toHaveAttribute('data-layout', 'stacked');
  await expect(el.locator('svg.diagram g.node')).toHaveCount(8);
  await expect(el.locator('svg.diagram g.edge')).toHaveCount(9);
  const box = await svg.boundingBox();
  expect(box.width).toBeLessThanOrEqual(390);
  expect(box.width).toBeGreaterThan(300);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Every node sits in one column, and its name renders at 11px or more.
  const xs = await el.locator('svg.diagram g.node').evaluateAll((gs) => gs.map((g) => g.getBoundingClientRect().x));
  expect(new Set(xs.map((x) => Math.round(x))).size).toBe(1);
  const nameHeight = await node(el, 'argocd-repo-server').locator('text.name').evaluate((t) => t.getBoundingClientRect().height);
  expect(nameHeight).toBeGreaterThanOrEqual(11);
  await page.screenshot({ path: `${shots}/report-narrow.png` });
  await node(el, 'argocd-repo-server').click();
  await expect(el.locator('.details > h3')).toContainText('argocd-repo-server');
  await page.screenshot({ path: `${shots}/report-narrow-selected.png` });
  // Back to a wide viewport: two columns again.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(svg).toHaveAttribute('data-layout', 'columns');
  await expect(el.locator('svg.diagram g.node[aria-current="true"]')).toHaveAttribute('data-name', 'argocd-repo-server');
});

test('theming: custom properties and ::part() from the page', async ({ page }) => {
  const el = await show(page, 'failing');
  await page.evaluate(() => {
    const el = document.getElementById('report');
    el.style.setProperty('--argocd-tls-bad', 'rgb(1, 2, 3)');
    // A constructable sheet (the page's CSP forbids inline styles, as the element's own do).
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('argocd-tls-report::part(edge-fails) { opacity: 0.5 } argocd-tls-report::part(finding) { border-radius: 0 }');
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  const failing = edge(el, 'argocd-server', 'argocd-repo-server');
  expect(await failing.locator('path.line').evaluate((p) => getComputedStyle(p).stroke)).toBe('rgb(1, 2, 3)');
  expect(await failing.evaluate((g) => getComputedStyle(g).opacity)).toBe('0.5');
  expect(await edge(el, 'argocd-server', 'argocd-redis').evaluate((g) => getComputedStyle(g).opacity)).toBe('1');
  expect(await el.locator('li.finding').first().evaluate((li) => getComputedStyle(li).borderTopLeftRadius)).toBe('0px');
  // Passed on to the certificate cards.
  await node(el, 'argocd-server').click();
  await el.locator('.details details.chain summary').click();
  const card = el.locator('.details argocd-tls-certificates li.card').first();
  await expect(card).toBeVisible();
  const cardBorder = await card.evaluate((li) => getComputedStyle(li).borderTopColor);
  const border = await el.evaluate((e) => getComputedStyle(e.shadowRoot.querySelector('.panel')).borderTopColor);
  expect(cardBorder).toBe(border);
});

test('dark mode follows prefers-color-scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 800 });
  const el = await show(page, 'failing');
  await edge(el, 'argocd-application-controller', 'argocd-repo-server').locator('path.hit').click({ force: true });
  const bg = await el.evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(bg).toBe('rgb(17, 17, 19)');
  await page.screenshot({ path: `${shots}/report-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await el.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(247, 247, 248)');
});
