// The "Plan" tab: the target posture as a form (its fields are the `Posture` type's options), a
// Plan button, and the plan from the page's current state to that posture in <argocd-tls-plan>
// (steps, states on the diagram, the naive order), with downloads of the plan JSON (exactly
// `planJson`'s text, what the CLI prints with `--format json`), the script and the bundle (one tar).
//
// The page decides nothing about TLS here: the posture goes to the engine as written, and what is
// possible, needed or safe is the engine's answer (an impossible posture comes back as its error).
// Certificates the posture wants made here (`planIssuance`) are made with WebCrypto by
// `generateCertificates` and passed back as `options.issued`, as the npm bin does.
//
// Private keys: the ones the user pastes stay in their textareas; the ones made here live only in
// this module's memory for the plan shown. They reach only the bundle download (its Secret files):
// never the posture preview (redacted), the plan JSON, the element (the plan's objects are
// redacted by the engine), the share link (the posture is not in it) or any message.
import { planBundle, planIssuance, generateCertificates, rotationTarget } from '../pkg/web.js';
import '../web/argocd-tls-plan.js';
import { tar } from './tar.js';
import { safeMessage } from './generate.js';

/** The endpoints whose certificate source the posture sets: posture key, label, extra fields. */
const ENDPOINTS = [
  { key: 'repoServer', label: 'argocd-repo-server certificate (argocd-repo-server-tls)' },
  { key: 'dex', label: 'argocd-dex-server certificate (argocd-dex-server-tls)' },
  { key: 'server', label: 'argocd-server certificate (argocd-server-tls)' },
  { key: 'redis', label: 'Redis over TLS (argocd-redis-tls)' },
  { key: 'mtls', label: 'mTLS to the repo-server (argocd-repo-server-mtls; 3.5+)' },
];
/** `RepoClient`: the clients of the repo-server a posture can make verify it. */
const REPO_CLIENTS = ['argocd-server', 'argocd-application-controller', 'argocd-applicationset-controller', 'argocd-notifications-controller'];
const SOURCES = [
  ['', 'leave as it is'],
  ['myCa', 'my CA'],
  ['certManager', 'cert-manager'],
  ['generate', 'generated here'],
];
/** Fields of a posture that hold private keys: shown nowhere but in the bundle. */
const KEY_FIELDS = new Set(['caKeyPem', 'keyPem']);

export function setupPlan({ $, el, download, getInstallation, getOptions }) {
  const form = $('plan-form');
  const element = $('plan');
  let last = null; // the plan shown: { files (the bundle: keys of certificates made here), json, script, version }
  let running = 0;
  // A rotation asked for by the timeline's Rotate action: the engine's target for that kind
  // (`rotationTarget`), planned instead of the form until the form is edited.
  let rotation = null;

  // ------------------------------------------------------------------------------- the form
  const field = (label, control, hint) => {
    const id = control.id;
    return el('div', { class: 'setting' }, el('label', { for: id, text: label }), control, hint ? el('span', { class: 'small', text: hint }) : '');
  };
  const select = (id, options, value = '') => {
    const s = el('select', { id });
    for (const [v, t] of options) {
      const o = el('option', { value: v, text: t });
      if (v === value) o.selected = true;
      s.append(o);
    }
    return s;
  };
  const checkbox = (id, label, checked) => {
    const box = el('input', { type: 'checkbox', id });
    box.checked = checked;
    return el('label', { class: 'radio' }, box, ` ${label}`);
  };
  const textarea = (id) => el('textarea', { id, rows: '3', spellcheck: 'false', autocomplete: 'off' });
  const input = (id, placeholder = '') => el('input', { id, spellcheck: 'false', autocomplete: 'off', placeholder });

  const sections = [];
  for (const ep of ENDPOINTS) {
    const p = `plan-${ep.key}`;
    const fs = el('fieldset', { 'data-posture': ep.key }, el('legend', { text: ep.label }));
    fs.append(field('Source', select(`${p}-from`, SOURCES)));
    const myCa = el('div', { class: 'plan-sub', 'data-from': 'myCa', hidden: '' },
      field('CA certificate (PEM)', textarea(`${p}-ca-cert`)),
      field('CA private key (PEM; optional: the leaf is made here, signed by it)', textarea(`${p}-ca-key`), 'used here only; never in the plan JSON, the share link or this page outside the bundle download'),
      field('Leaf certificate (PEM; optional, when issued elsewhere)', textarea(`${p}-cert`)),
      field('Leaf private key (PEM; with the leaf certificate)', textarea(`${p}-key`)));
    const cm = el('div', { class: 'plan-sub', 'data-from': 'certManager', hidden: '' },
      checkbox(`${p}-create-ca`, 'Create a CA issuer chain (self-signed bootstrap → CA Certificate → CA Issuer)', false),
      field('Existing issuer name (instead)', input(`${p}-issuer`)),
      field('Issuer kind', select(`${p}-issuer-kind`, [['Issuer', 'Issuer'], ['ClusterIssuer', 'ClusterIssuer']])));
    fs.append(myCa, cm);
    if (ep.key === 'repoServer') {
      const clients = el('div', { class: 'plan-clients' });
      for (const c of REPO_CLIENTS) clients.append(checkbox(`${p}-verify-${c}`, c, true));
      fs.append(field('Clients that verify it', select(`${p}-verify`, [['', 'every client present'], ['some', 'only the clients ticked below']])), clients);
    }
    if (ep.key === 'dex') fs.append(checkbox(`${p}-verify`, 'argocd-server verifies Dex', true));
    if (ep.key === 'server') {
      fs.append(field('More names (Ingress host…), comma-separated', input(`${p}-hosts`, 'argocd.example.com')));
      fs.append(checkbox(`${p}-label`, 'Label the Secret app.kubernetes.io/part-of: argocd (hot reload on 3.5+)', true));
    }
    sections.push(fs);
  }
  sections.push(
    el('fieldset', { 'data-posture': 'tlsPolicy' }, el('legend', { text: 'TLS policy (argocd-server, repo-server)' }),
      field('Mozilla profile', select('plan-tls-profile', [['', 'none'], ['intermediate', 'intermediate'], ['modern', 'modern']])),
      el('div', { class: 'gen-row' },
        field('Min version', select('plan-tls-min', [['', '—'], ['1.2', '1.2'], ['1.3', '1.3']])),
        field('Max version', select('plan-tls-max', [['', '—'], ['1.2', '1.2'], ['1.3', '1.3']]))),
      field('TLS 1.2 cipher suites (Go names, comma-separated)', input('plan-tls-ciphers'))),
    el('fieldset', { 'data-posture': 'privateKey' }, el('legend', { text: 'Private keys of certificates made by cert-manager or here' }),
      el('div', { class: 'gen-row' },
        field('Algorithm', select('plan-key-algorithm', [['', 'default'], ['rsa2048', 'RSA-2048'], ['ecdsaP256', 'ECDSA P-256'], ['ecdsaP384', 'ECDSA P-384']])),
        field('Rotation policy', select('plan-key-rotation', [['', 'default'], ['Always', 'Always'], ['Never', 'Never']])))),
    el('fieldset', { 'data-posture': 'reset' }, el('legend', { text: 'Or a reverse direction' }),
      field('Reset', select('plan-reset', [['', 'none'], ['defaults', 'back to the upstream defaults'], ['noTls', 'TLS off behind a service mesh']])),
      el('div', { class: 'plan-sub', 'data-from': 'noTls', hidden: '' },
        field('Mesh sidecar injection to add', select('plan-reset-mesh', [['', 'none (the mesh is there)'], ['istio', 'Istio'], ['linkerd', 'Linkerd']])),
        checkbox('plan-reset-insecure', 'argocd-server serves plaintext too (server.insecure)', true))),
  );
  $('plan-fields').replaceChildren(...sections);

  const value = (id) => $(id)?.value ?? '';
  const checked = (id) => Boolean($(id)?.checked);
  const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

  function source(p) {
    const from = value(`${p}-from`);
    if (from === 'myCa') {
      const s = { from, caCertPem: value(`${p}-ca-cert`) };
      if (value(`${p}-ca-key`).trim()) s.caKeyPem = value(`${p}-ca-key`);
      if (value(`${p}-cert`).trim()) s.certPem = value(`${p}-cert`);
      if (value(`${p}-key`).trim()) s.keyPem = value(`${p}-key`);
      return s;
    }
    if (from === 'certManager') {
      const s = { from };
      if (value(`${p}-issuer`).trim()) s.issuer = { name: value(`${p}-issuer`).trim(), kind: value(`${p}-issuer-kind`) };
      if (checked(`${p}-create-ca`)) s.createCaIssuer = true;
      return s;
    }
    if (from === 'generate') return { from };
    return null;
  }

  /** The posture the form says (what goes to the engine, keys included), or the rotation. */
  function posture() {
    if (rotation) return rotation;
    const out = {};
    for (const ep of ENDPOINTS) {
      const p = `plan-${ep.key}`;
      const certificate = source(p);
      if (!certificate) continue;
      const part = { certificate };
      if (ep.key === 'repoServer' && value(`${p}-verify`) === 'some') part.verify = REPO_CLIENTS.filter((c) => checked(`${p}-verify-${c}`));
      if (ep.key === 'dex' && !checked(`${p}-verify`)) part.verify = false;
      if (ep.key === 'server') {
        const hosts = list(value(`${p}-hosts`));
        if (hosts.length) part.hosts = hosts;
        if (!checked(`${p}-label`)) part.hotReloadLabel = false;
      }
      out[ep.key] = part;
    }
    const policy = {};
    if (value('plan-tls-profile')) policy.profile = value('plan-tls-profile');
    if (value('plan-tls-min')) policy.minVersion = value('plan-tls-min');
    if (value('plan-tls-max')) policy.maxVersion = value('plan-tls-max');
    if (value('plan-tls-ciphers').trim()) policy.ciphers = list(value('plan-tls-ciphers'));
    if (Object.keys(policy).length) out.tlsPolicy = policy;
    const key = {};
    if (value('plan-key-algorithm')) key.algorithm = value('plan-key-algorithm');
    if (value('plan-key-rotation')) key.rotationPolicy = value('plan-key-rotation');
    if (Object.keys(key).length) out.privateKey = key;
    const reset = value('plan-reset');
    if (reset === 'defaults') out.reset = { to: 'defaults' };
    if (reset === 'noTls') {
      out.reset = { to: 'noTls' };
      if (value('plan-reset-mesh')) out.reset.mesh = value('plan-reset-mesh');
      if (!checked('plan-reset-insecure')) out.reset.serverInsecure = false;
    }
    return out;
  }

  /** The posture as shown: every private key replaced. */
  function redacted(p) {
    return JSON.stringify(p, (k, v) => (KEY_FIELDS.has(k) && typeof v === 'string' ? '<private key: not shown>' : v), 2);
  }

  function refreshForm() {
    for (const fs of $('plan-fields').querySelectorAll('fieldset')) {
      const from = fs.querySelector('select[id$="-from"], #plan-reset')?.value ?? '';
      for (const sub of fs.querySelectorAll('.plan-sub')) sub.hidden = sub.dataset.from !== from;
    }
    const some = value('plan-repoServer-verify') === 'some';
    for (const c of REPO_CLIENTS) $(`plan-repoServer-verify-${c}`).disabled = !some;
    $('plan-posture').textContent = redacted(posture());
  }
  const edited = () => {
    rotation = null;
    refreshForm();
  };
  form.addEventListener('input', edited);
  form.addEventListener('change', edited);
  refreshForm();

  // ------------------------------------------------------------------------------- planning
  const status = (text) => {
    $('plan-status').textContent = text;
  };
  const showError = (err) => {
    const box = $('plan-error');
    box.hidden = !err;
    if (err) box.replaceChildren(el('strong', { text: 'Cannot plan this: ' }), el('span', { text: safeMessage(err) }));
  };
  const setDownloads = (on) => {
    for (const id of ['plan-download-json', 'plan-download-script', 'plan-download-bundle']) $(id).disabled = !on;
  };

  async function run() {
    const token = ++running;
    showError(null);
    $('plan-stale').hidden = true;
    const current = getInstallation();
    if (!current) {
      showError(new Error('the current state has an error (see Your deployment)'));
      return;
    }
    const target = posture();
    const options = { ...getOptions(), issued: {} };
    $('plan-start').disabled = true;
    try {
      const issuance = planIssuance(current, target, options);
      for (const [i, item] of issuance.entries()) {
        status(`Making certificate ${i + 1} of ${issuance.length} with WebCrypto…`);
        const set = await generateCertificates(item.request);
        if (token !== running) return;
        const leaf = set.leaves[0];
        options.issued[item.id] = { caCertPem: set.ca ? set.ca.certPem : item.request.issuer.certPem, certPem: leaf.chainPem, keyPem: leaf.keyPem };
      }
      status('Planning…');
      await new Promise((r) => setTimeout(r, 0)); // let the status paint
      if (token !== running) return;
      const started = performance.now();
      // One engine call gives everything: the bundle carries plan.json (exactly planJson's text,
      // what the CLI prints with --format json) and plan.sh (planRender's script).
      const files = planBundle(current, target, { ...options, baseRef: '../base' });
      const json = files.find((f) => f.path === 'plan.json')?.content;
      const script = files.find((f) => f.path === 'plan.sh')?.content;
      if (json === undefined || script === undefined) throw new Error('the bundle has no plan.json or plan.sh');
      const result = JSON.parse(json);
      const ms = Math.round(performance.now() - started);
      last = { files, json, script, version: options.argocdVersion ?? result.argocdVersion };
      element.plan = result;
      $('plan-result').hidden = false;
      setDownloads(true);
      const made = Object.keys(options.issued).length;
      status(`Planned in ${ms} ms: ${result.steps.length} step${result.steps.length === 1 ? '' : 's'}, ${result.safe ? 'safe' : 'not safe'}${made ? `; ${made} certificate${made === 1 ? '' : 's'} made in this browser (their keys are only in the bundle download)` : ''}.`);
      document.body.dataset.planned = String(Number(document.body.dataset.planned ?? 0) + 1);
      $('plan-result').scrollIntoView?.({ block: 'start' });
    } catch (err) {
      if (token !== running) return;
      status('');
      showError(err);
    } finally {
      if (token === running) $('plan-start').disabled = false;
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });

  const name = (ext) => `argocd-tls-plan-${last.version}.${ext}`;
  $('plan-download-json').addEventListener('click', () => {
    if (last) download(name('json'), 'application/json', last.json);
  });
  $('plan-download-script').addEventListener('click', () => {
    if (last) download(name('sh'), 'text/x-shellscript', last.script);
  });
  $('plan-download-bundle').addEventListener('click', () => {
    if (!last) return;
    try {
      // Stamped with the time of the download (the plan's instant may be in the future).
      download(name('tar'), 'application/x-tar', tar(last.files.map((f) => ({ path: `argocd-tls-plan/${f.path}`, content: f.content })), Date.now() / 1000));
    } catch (err) {
      showError(err);
    }
  });
  setDownloads(false);

  return {
    /** Plans the rotation `kind` (`leaf`, `ca`, `compromised`, `dex-leaf`) of today's state:
     * the target is the engine's; what can rotate, how and in which order is the plan's answer
     * (an impossible rotation comes back as its error). */
    rotate(kind) {
      try {
        rotation = JSON.parse(rotationTarget(undefined, kind));
      } catch (err) {
        showError(err);
        return;
      }
      refreshForm();
      run();
    },
    /** The page's inputs changed: the plan shown is of the state before. */
    inputsChanged() {
      if (last) $('plan-stale').hidden = false;
    },
  };
}
