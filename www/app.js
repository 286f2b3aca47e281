// The planner page. Imports only the npm package (pkg/) and the elements (web/).
// State → ordered sources → plan (the engine lays them by its input rule, then resolves) → render.
// The engine has no clock: the page passes "now". Nothing is sent anywhere; nothing is stored.
import init, {
  resolveSources, resolveSarif, readManifests, defaultExample, standardInstall, settingsCatalog,
  inspectCertificate, version, argocdVersions, expiryWarningDays, timeline,
} from '../pkg/web.js';
import '../web/argocd-tls-certificates.js';
import '../web/argocd-tls-report.js';
import { setupGenerate } from './generate.js';
import { setupPlan } from './plan.js';
import { renderTimeline, timelineWindow } from './timeline.js';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') n.className = v;
    else if (k === 'text') n.textContent = v;
    else n.setAttribute(k, v);
  }
  n.append(...children);
  return n;
};
const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}) => {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  return n;
};

const SECRET_TARGETS = ['argocd-server-tls', 'argocd-repo-server-tls', 'argocd-dex-server-tls', 'argocd-repo-server-mtls', 'argocd-secret'];

// ----------------------------------------------------------------------------------------- state
const state = {
  version: '3.5.1',
  namespace: 'argocd',
  now: null, // null = the current time
  base: 'example',
  documents: [], // [{ name, text }] manifest files, in the order they were added
  pasted: '', // the pasted manifests (laid after the files)
  params: {}, // argocd-cmd-params-cm edits: key → value ('' = back to default)
  secrets: {}, // dropped PEM files and generated certificates: secret → key → PEM
  secretMeta: {}, // generated Secrets: secret → { type, labels } (what the downloaded YAML sets)
  withheld: [], // from a share link: Secrets whose key pair the sharer could not share
  baseNote: '', // why the page switched the base away from the example, if it did
};
let generate = null;
let planTab = null;
let inputOk = false; // whether `effective` is the state the inputs make now (no input error)
let report = null;
let effective = null;
let lastTimeline = null; // the engine's timeline JSON for the current plan (the download)
let catalog = [];
let expiryDays; // the engine's threshold for TLS302 (expires soon), set once the engine is loaded

function nowDate() {
  return state.now ? new Date(state.now) : new Date();
}

function baseSource() {
  if (state.base === 'example') return { label: 'the example', installation: defaultExample() };
  if (state.base === 'standard') return { label: `base standard ${state.version}`, installation: standardInstall(state.version, state.namespace) };
  return null;
}

/**
 * The plan's inputs, in the engine's order: base, files in the order added, pasted text, the
 * Settings form's edits, certificate files, generated certificates. The engine lays them (the
 * later source wins, key by key for ConfigMaps and Secrets) and reports every override.
 */
function sources() {
  const list = [];
  const base = baseSource();
  if (base) list.push(base);
  for (const d of state.documents) {
    if (d.text.trim()) list.push({ label: d.name, installation: readManifests([{ name: d.name, text: d.text }]) });
  }
  if (state.pasted.trim()) list.push({ label: 'pasted text', installation: readManifests([{ name: 'pasted text', text: state.pasted }]) });
  const set = Object.entries(state.params).filter(([, v]) => v !== '');
  const unset = Object.entries(state.params).filter(([, v]) => v === '').map(([k]) => k);
  if (set.length || unset.length) {
    list.push({
      label: 'Settings form',
      installation: { configMaps: [{ name: 'argocd-cmd-params-cm', labels: {}, data: Object.fromEntries(set) }] },
      unset: unset.length ? { 'argocd-cmd-params-cm': unset } : {},
    });
  }
  const secretsFrom = (generated) => Object.entries(state.secrets)
    .filter(([name]) => Boolean(state.secretMeta[name]) === generated)
    .map(([name, data]) => ({ name, type: state.secretMeta[name]?.type, labels: state.secretMeta[name]?.labels ?? {}, data: { ...data } }));
  const dropped = secretsFrom(false);
  if (dropped.length) list.push({ label: 'certificate files', installation: { secrets: dropped } });
  const generated = secretsFrom(true);
  if (generated.length) list.push({ label: 'generated certificates', installation: { secrets: generated } });
  return list;
}

/** Whether a user's input declares Argo CD workloads (an install, not a change set). */
function bringsInstall(name, text) {
  try {
    return readManifests([{ name, text }]).workloads.length > 0;
  } catch {
    return false;
  }
}

/**
 * The page never lays an install the user brings over the example without saying so: the first
 * such input switches the base from the example to the standard install, and the notice says
 * why; choosing the example again keeps it, with the notice saying what is mixed in.
 */
function leaveExample(name, text) {
  if (state.base !== 'example' || !bringsInstall(name, text)) return;
  state.base = 'standard';
  state.baseNote = `${name} declares Argo CD workloads, so the base is now the standard install of ${state.version} instead of the example: the example's certificates and settings are no longer mixed into your installation.`;
  syncControls();
}

function renderNotice() {
  const box = $('input-notice');
  let text = state.baseNote;
  if (state.base === 'example') {
    const mine = [...state.documents.map((d) => [d.name, d.text]), ['pasted text', state.pasted]].filter(([n, t]) => t.trim() && bringsInstall(n, t));
    text = mine.length ? `${mine.map(([n]) => n).join(', ')} laid over the example: the example's certificates and settings stay wherever your input does not replace them. Choose Base "the standard install" to see your installation alone.` : '';
  }
  box.hidden = !text;
  box.textContent = text ?? '';
}

// ------------------------------------------------------------------------------------ share link
// A certificate is shared only when its private key is not part of the plan: a `X.crt` whose
// `X.key` the sharer has would arrive without that key and be paired with the recipient's old key
// (a key mismatch that does not exist). Such pairs are named in `withheld` instead, and the
// recipient is told that those Secrets show as in the base.
function encodeShare(includeCerts) {
  const share = { v: 1, version: state.version, namespace: state.namespace, base: state.base, params: state.params };
  if (state.now) share.now = state.now;
  if (includeCerts) {
    const certs = {};
    const withheld = new Set();
    for (const [name, keys] of Object.entries(state.secrets)) {
      for (const [k, v] of Object.entries(keys)) {
        if (!/\.crt$/.test(k) || /PRIVATE KEY/.test(v)) continue;
        if (keys[k.replace(/\.crt$/, '.key')] !== undefined) {
          withheld.add(name);
        } else {
          (certs[name] ??= {})[k] = v;
        }
      }
    }
    if (Object.keys(certs).length) share.certs = certs;
    if (withheld.size) share.withheld = [...withheld].sort();
  }
  const bytes = new TextEncoder().encode(JSON.stringify(share));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function decodeShare(fragment) {
  const m = /(?:^|&)s=([A-Za-z0-9_-]+)/.exec(fragment);
  if (!m) return false;
  try {
    const bin = atob(m[1].replaceAll('-', '+').replaceAll('_', '/'));
    const share = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    if (share.v !== 1) return false;
    if (typeof share.version === 'string') state.version = share.version;
    if (typeof share.namespace === 'string') state.namespace = share.namespace;
    if (['example', 'standard', 'none'].includes(share.base)) state.base = share.base;
    if (typeof share.now === 'string') state.now = share.now;
    if (share.params && typeof share.params === 'object') {
      state.params = Object.fromEntries(Object.entries(share.params).filter(([k, v]) => typeof k === 'string' && typeof v === 'string'));
    }
    if (share.certs && typeof share.certs === 'object') {
      for (const [name, keys] of Object.entries(share.certs)) {
        for (const [k, v] of Object.entries(keys ?? {})) {
          if (typeof v === 'string' && /\.crt$/.test(k) && !/PRIVATE KEY/.test(v)) (state.secrets[name] ??= {})[k] = v;
        }
      }
    }
    state.withheld = Array.isArray(share.withheld) ? share.withheld.filter((n) => typeof n === 'string') : [];
    renderWithheld();
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------- render
function renderWithheld() {
  const box = $('share-withheld');
  box.hidden = state.withheld.length === 0;
  box.replaceChildren(
    el('strong', { text: 'Not in this link: ' }),
    el('span', {
      text: `the certificate and private key of ${state.withheld.join(', ')}. The sharer's keys never leave their browser, so these Secrets show as in the base here; drop your own copies to see them.`,
    }),
  );
}

function showInputError(err) {
  const box = $('input-error');
  if (!err) {
    box.hidden = true;
    return;
  }
  const where = err.file ? ` (${err.file}:${err.line}:${err.column})` : err.line ? ` (line ${err.line})` : '';
  box.replaceChildren(el('strong', { text: `Cannot read this input${where}: ` }), el('span', { text: err.message ?? String(err) }));
  box.hidden = false;
}

function update() {
  const now = nowDate();
  try {
    ({ installation: effective, report } = resolveSources(sources(), { now, argocdVersion: state.version, namespace: state.namespace }));
    showInputError(null);
    inputOk = true;
  } catch (err) {
    showInputError(err);
    inputOk = false;
    planTab?.inputsChanged();
    return;
  }
  $('report').report = report;
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  $('stamp').textContent = `Generated ${now.toISOString().replace('.000', '')} by argocd-tls-planner ${version()} for Argo CD ${report.argocdVersion} in namespace ${report.namespace} — ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}; grades per Mozilla Server Side TLS 6.0.`;
  renderNotice();
  renderEndpoints();
  renderTimelines(now);
  scheduleTimelineView(now);
  renderSettings();
  generate?.refresh();
  planTab?.inputsChanged();
  document.body.dataset.ready = 'true';
}

function renderEndpoints() {
  const rows = [];
  for (const c of report.components.filter((x) => x.present)) {
    for (const ep of c.endpoints) {
      const tls = ep.tls;
      const tlsText = tls ? `TLS ${tls.minVersion}–${tls.maxVersion}${tls.clientAuth === 'require' ? ', client certificates required' : ''}${tls.cipherSuites ? `\n${tls.cipherSuites.join('\n') || '(no TLS 1.2 suites)'}` : '\n(Dex defaults)'}` : 'plaintext';
      const cert = tls ? `${tls.certificate.source}${tls.certificate.persistent ? '' : ' (new every start)'}${tls.certificate.hotReload ? ', hot-reloaded' : ', read at startup'}` : '—';
      const grade = ep.grade ? `${ep.grade.sslLabs} · Mozilla ${ep.grade.mozilla}${ep.grade.caps.length ? `\n${ep.grade.caps.join('\n')}` : ''}` : '—';
      const sources = Object.entries(ep.sources).map(([k, v]) => `${k} = ${v.value === '' ? '""' : v.value} (${[v.kind, v.object, v.name, v.env && `env ${v.env}`].filter(Boolean).join(' ')})`).join('\n') || '—';
      const tr = el('tr', {},
        el('th', { scope: 'row', text: `${c.name} :${ep.port} ${ep.protocol}` }),
        el('td', { class: tls ? 'pre' : 'pre plain', text: tlsText }),
        el('td', { text: cert }),
        el('td', { class: 'pre', text: grade }),
        el('td', { class: 'pre small', text: sources }));
      rows.push(tr);
    }
  }
  $('endpoints').tBodies[0].replaceChildren(...rows);
}

function renderTimelines(now) {
  const items = [];
  for (const c of report.components.filter((x) => x.present)) {
    for (const ep of c.endpoints) {
      for (const [i, cert] of (ep.tls?.certificate.chain ?? []).entries()) items.push({ where: `${c.name} :${ep.port}${i ? ` chain #${i}` : ''}`, cert });
    }
  }
  const box = $('timelines');
  if (!items.length) {
    box.replaceChildren(el('p', { class: 'hint', text: 'No TLS endpoint serves a certificate.' }));
    return;
  }
  const t = (s) => Date.parse(s);
  const valid = items.filter((x) => !Number.isNaN(t(x.cert.notBefore)) && !Number.isNaN(t(x.cert.notAfter)));
  const min = Math.min(now.getTime(), ...valid.map((x) => t(x.cert.notBefore)));
  const max = Math.max(now.getTime() + 86400e3, ...valid.map((x) => t(x.cert.notAfter)));
  const W = 600;
  const x = (ms) => 10 + ((ms - min) / (max - min)) * (W - 20);
  const list = el('ul', { class: 'timeline-list' });
  for (const { where, cert } of items) {
    const nb = t(cert.notBefore);
    const na = t(cert.notAfter);
    const expired = na < now.getTime() || nb > now.getTime();
    const soon = !expired && na - now.getTime() < expiryDays * 86400e3;
    const g = svg('svg', { viewBox: `0 0 ${W} 28`, class: 'timeline', role: 'img', 'aria-label': `${cert.subject}: valid ${cert.notBefore} to ${cert.notAfter}${expired ? ', not valid now' : soon ? `, expires within ${expiryDays} days` : ''}` });
    if (!Number.isNaN(nb) && !Number.isNaN(na)) {
      g.append(svg('rect', { x: x(nb), y: 8, width: Math.max(2, x(na) - x(nb)), height: 12, rx: 3, class: expired ? 'bar bad' : soon ? 'bar warn' : 'bar ok' }));
    }
    const nx = x(now.getTime());
    g.append(svg('line', { x1: nx, x2: nx, y1: 2, y2: 26, class: 'now' }));
    const label = svg('text', { x: Math.min(nx + 4, W - 30), y: 10, class: 'now-label' });
    label.textContent = 'now';
    g.append(label);
    const li = el('li', {},
      el('div', { class: 'tl-head' }, el('strong', { text: where }), el('span', { text: ` ${cert.subject || '(empty subject)'}` })),
      g,
      el('div', { class: 'tl-dates' }, el('span', { text: cert.notBefore }), el('span', { class: expired ? 'bad' : soon ? 'warn' : '', text: `${cert.notAfter}${expired ? ' (not valid now)' : soon ? ` (expires within ${expiryDays} days)` : ''}` })));
    list.append(li);
  }
  box.replaceChildren(list);
}

// The timeline resolves the installation at every instant where a certificate starts or stops
// being valid: it is computed after the report has been painted (the frame after an update), and
// only for the latest update, so that the first paint and each keystroke's report do not wait
// for it.
let timelineJob = null;
function scheduleTimelineView(now) {
  const job = { now };
  timelineJob = job;
  const run = () => setTimeout(() => {
    if (timelineJob !== job) return;
    timelineJob = null;
    renderTimelineView(job.now);
  }, 0);
  // A hidden page gets no animation frames until it is shown.
  if (document.hidden) run();
  else requestAnimationFrame(run);
}

// The engine's timeline of the installation the page resolves (the same installation `plan`
// returned), over a window around "now"; picking an instant sets "now" to it.
function renderTimelineView(now) {
  const box = $('timeline-view');
  try {
    lastTimeline = timeline(effective, { ...timelineWindow(now), argocdVersion: state.version, namespace: state.namespace, marginDays: 14 });
  } catch (err) {
    lastTimeline = null;
    box.replaceChildren(el('p', { class: 'hint', text: `No timeline: ${err.message ?? err}` }));
    return;
  }
  renderTimeline(box, lastTimeline, now, (after) => {
    state.now = after;
    syncControls();
    schedule();
  });
}

function renderSettings() {
  const cm = effective.configMaps.find((c) => c.name === 'argocd-cmd-params-cm')?.data ?? {};
  const present = new Set(report.components.filter((c) => c.present).map((c) => c.name));
  const groups = new Map();
  for (const row of catalog) {
    if (!row.key || !present.has(row.component)) continue;
    if (!groups.has(row.component)) groups.set(row.component, new Map());
    groups.get(row.component).set(row.key, row);
  }
  const focused = document.activeElement?.dataset?.key;
  const out = [];
  for (const [component, rows] of groups) {
    const fs = el('fieldset', {}, el('legend', { text: component }));
    for (const [key, row] of rows) {
      const id = `set-${component}-${key}`.replace(/[^a-zA-Z0-9_-]/g, '-');
      const value = key in state.params ? state.params[key] : cm[key] ?? '';
      let input;
      if (row.kind === 'bool') {
        input = el('select', { id });
        for (const [v, label] of [['', `default (${row.default})`], ['true', 'true'], ['false', 'false']]) {
          const o = el('option', { value: v, text: label });
          if (v === value || (v === '' && !['true', 'false'].includes(value))) o.selected = true;
          input.append(o);
        }
      } else {
        input = el('input', { id, spellcheck: 'false', placeholder: row.default === '<default ciphers>' ? 'default' : row.default || '(empty)' });
        input.value = value;
      }
      input.dataset.key = key;
      input.addEventListener('change', () => {
        state.params[key] = input.value;
        schedule();
      });
      const flag = row.flag ? `--${row.flag}` : '';
      fs.append(el('div', { class: 'setting' }, el('label', { for: id, text: key }), input, el('span', { class: 'small', text: `${flag}${row.env ? ` · ${row.env}` : ''}` })));
    }
    out.push(fs);
  }
  const box = $('settings');
  box.replaceChildren(...out);
  if (focused) box.querySelector(`[data-key="${CSS.escape(focused)}"]`)?.focus();
}

// ----------------------------------------------------------------------------------------- input
let timer;
function schedule() {
  clearTimeout(timer);
  timer = setTimeout(update, 150);
}

function guessTarget(name, text) {
  const lower = name.toLowerCase();
  let key = 'tls.crt';
  if (/PRIVATE KEY/.test(text) || /\.key$/.test(lower)) key = /client/.test(lower) ? 'client.key' : 'tls.key';
  else if (/client-ca/.test(lower)) key = 'client-ca.crt';
  else if (/server-ca/.test(lower)) key = 'server-ca.crt';
  else if (/(^|[^a-z])ca\b|ca\.(crt|pem)$/.test(lower)) key = 'ca.crt';
  else if (/client/.test(lower)) key = 'client.crt';
  let secret = 'argocd-server-tls';
  if (/repo/.test(lower)) secret = /mtls|client/.test(lower) ? 'argocd-repo-server-mtls' : 'argocd-repo-server-tls';
  else if (/dex/.test(lower)) secret = 'argocd-dex-server-tls';
  else if (key.startsWith('client') || key.endsWith('-ca.crt')) secret = 'argocd-repo-server-mtls';
  return { secret, key };
}

function renderFileList() {
  const items = [];
  for (const [secret, keys] of Object.entries(state.secrets)) {
    for (const key of Object.keys(keys)) {
      const sel = el('select', { 'aria-label': `Secret for ${key}` });
      for (const s of SECRET_TARGETS) {
        const o = el('option', { value: s, text: s });
        if (s === secret) o.selected = true;
        sel.append(o);
      }
      sel.addEventListener('change', () => {
        const pem = state.secrets[secret][key];
        delete state.secrets[secret][key];
        if (!Object.keys(state.secrets[secret]).length) delete state.secrets[secret];
        (state.secrets[sel.value] ??= {})[key] = pem;
        renderFileList();
        schedule();
      });
      const remove = el('button', { type: 'button', text: 'Remove', 'aria-label': `Remove ${secret} ${key}` });
      remove.addEventListener('click', () => {
        delete state.secrets[secret][key];
        if (!Object.keys(state.secrets[secret]).length) delete state.secrets[secret];
        renderFileList();
        schedule();
      });
      items.push(el('li', {}, el('code', { text: key }), el('span', { text: ' in ' }), sel, remove));
    }
  }
  for (const [i, d] of state.documents.entries()) {
    const remove = el('button', { type: 'button', text: 'Remove', 'aria-label': `Remove ${d.name}` });
    remove.addEventListener('click', () => {
      state.documents.splice(i, 1);
      renderFileList();
      schedule();
    });
    items.push(el('li', {}, el('code', { text: d.name }), el('span', { text: ' (manifests) ' }), remove));
  }
  $('file-list').replaceChildren(...items);
}

async function addFiles(fileList) {
  for (const file of fileList) {
    const text = await file.text();
    if (/-----BEGIN /.test(text) && !/^\s*(apiVersion|kind|\{|-)/m.test(text.split('-----BEGIN')[0])) {
      const { secret, key } = guessTarget(file.name, text);
      (state.secrets[secret] ??= {})[key] = text;
    } else {
      leaveExample(file.name, text);
      state.documents.push({ name: file.name, text });
    }
  }
  renderFileList();
  schedule();
}

function setPasted(text) {
  state.pasted = text;
  leaveExample('The pasted text', text);
}

// ---------------------------------------------------------------------------------------- export
function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function fixSnippets() {
  const lines = [`# Fixes for Argo CD ${report.argocdVersion} (argocd-tls-planner ${version()}, ${report.now})`, ''];
  for (const f of report.findings.filter((x) => x.severity !== 'info')) {
    lines.push(`# ${f.code} ${f.severity}: ${f.title}`, `#   ${f.message}`, `#   fix: ${f.hint}`, '');
  }
  const cm = effective.configMaps.find((c) => c.name === 'argocd-cmd-params-cm');
  if (cm && Object.keys(cm.data).length) {
    lines.push('# argocd-cmd-params-cm as planned here:', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: argocd-cmd-params-cm', '  labels:', '    app.kubernetes.io/part-of: argocd', 'data:');
    for (const [k, v] of Object.entries(cm.data)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  }
  return `${lines.join('\n')}\n`;
}

// ----------------------------------------------------------------------------------------- wiring
function syncControls() {
  $('version').value = state.version;
  $('namespace').value = state.namespace;
  $('base').value = state.base;
  if (state.now) $('now').value = state.now.slice(0, 19);
}

function wire() {
  for (const v of argocdVersions()) $('version').append(el('option', { value: v, text: v }));
  $('version').addEventListener('change', (e) => { state.version = e.target.value; schedule(); });
  $('namespace').addEventListener('input', (e) => { state.namespace = e.target.value.trim() || 'argocd'; schedule(); });
  $('now').addEventListener('change', (e) => { state.now = e.target.value ? `${e.target.value.length === 16 ? `${e.target.value}:00` : e.target.value}Z` : null; schedule(); });
  $('base').addEventListener('change', (e) => { state.base = e.target.value; state.baseNote = ''; schedule(); });
  $('start-empty').addEventListener('click', () => {
    Object.assign(state, { base: 'standard', baseNote: '', documents: [], pasted: '', params: {}, secrets: {}, secretMeta: {} });
    $('manifests').value = '';
    syncControls();
    renderFileList();
    update();
  });
  $('manifests').addEventListener('input', (e) => { setPasted(e.target.value); schedule(); });
  $('files').addEventListener('change', (e) => {
    const files = [...e.target.files]; // the FileList empties when the input is reset
    e.target.value = '';
    addFiles(files);
  });
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); addFiles([...e.dataTransfer.files]); });

  // Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs).
  const tabs = [...document.querySelectorAll('[role=tab]')];
  const select = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
    tab.focus();
  };
  for (const t of tabs) {
    t.addEventListener('click', () => select(t));
    t.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(t);
      if (e.key === 'ArrowRight') select(tabs[(i + 1) % tabs.length]);
      if (e.key === 'ArrowLeft') select(tabs[(i + tabs.length - 1) % tabs.length]);
    });
  }

  $('theme').addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme !== 'dark' && !(document.documentElement.dataset.theme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
    $('theme').setAttribute('aria-pressed', String(dark));
  });

  $('export-json').addEventListener('click', () => download('argocd-tls-report.json', 'application/json', `${JSON.stringify(report, null, 2)}\n`));
  $('export-sarif').addEventListener('click', () => {
    const sarif = resolveSarif(effective, { now: nowDate(), argocdVersion: state.version, namespace: state.namespace });
    download('argocd-tls-report.sarif', 'application/sarif+json', `${JSON.stringify(sarif, null, 2)}\n`);
  });
  // The timeline's Rotate action: the Plan tab, planning that rotation of the state shown.
  $('rotate').addEventListener('click', () => {
    select($('tab-plan'));
    planTab?.rotate($('rotate-kind').value);
  });
  $('download-timeline').addEventListener('click', () => {
    if (lastTimeline) download('argocd-tls-timeline.json', 'application/json', `${JSON.stringify(lastTimeline, null, 2)}\n`);
  });
  $('export-fixes').addEventListener('click', () => download('argocd-tls-fixes.yaml', 'text/plain', fixSnippets()));
  const refreshShare = () => {
    const url = new URL(location.href);
    url.hash = `s=${encodeShare($('share-certs').checked)}`;
    $('share-url').value = url.toString();
  };
  $('share').addEventListener('click', () => {
    $('share-box').hidden = !$('share-box').hidden;
    refreshShare();
    if (!$('share-box').hidden) $('share-url').select();
  });
  $('share-certs').addEventListener('change', refreshShare);

  // Certificate inspector tab.
  $('pem-input').addEventListener('input', () => {
    const text = $('pem-input').value;
    const box = $('pem-error');
    box.hidden = true;
    if (!text.trim()) {
      $('pem-result').certificates = [];
      $('pem-status').textContent = 'Paste a certificate to inspect it.';
      return;
    }
    try {
      const certs = inspectCertificate(text);
      $('pem-result').now = nowDate();
      $('pem-result').certificates = certs;
      $('pem-status').textContent = `${certs.length} certificate${certs.length === 1 ? '' : 's'}`;
    } catch (err) {
      $('pem-result').certificates = [];
      $('pem-status').textContent = '';
      box.replaceChildren(el('strong', { text: `Cannot read this input${err.line ? ` (line ${err.line})` : ''}: ` }), el('span', { text: err.message ?? String(err) }));
      box.hidden = false;
    }
  });
  window.addEventListener('hashchange', () => {
    if (decodeShare(location.hash.slice(1))) {
      syncControls();
      renderFileList();
      schedule();
    }
  });
}

await init();
$('engine-version').textContent = `v${version()}`;
catalog = settingsCatalog();
expiryDays = expiryWarningDays();
wire();
generate = setupGenerate({
  $,
  el,
  download,
  getReport: () => report,
  getEffective: () => effective,
  catalog: () => catalog,
  nowDate,
  // Generated certificates enter the plan as dropped files do; the keys' values replace the
  // Secret's, the type and label are what the downloaded YAML sets, and the trust keys are
  // argocd-cmd-params-cm edits like the Settings tab's.
  apply: ({ secrets, meta, params }) => {
    for (const [name, data] of Object.entries(secrets)) state.secrets[name] = { ...data };
    Object.assign(state.secretMeta, meta);
    Object.assign(state.params, params);
    renderFileList();
    update();
  },
});
// The Plan tab plans from the state the page shows (the engine's installation after the input
// rule), at the page's instant, version and namespace.
planTab = setupPlan({
  $,
  el,
  download,
  getInstallation: () => (inputOk ? effective : null),
  getOptions: () => ({ now: nowDate(), argocdVersion: state.version, namespace: state.namespace }),
});
decodeShare(location.hash.slice(1));
syncControls();
renderFileList();
update();
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}
