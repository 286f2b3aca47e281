// <argocd-tls-report>: renders a planner report (the `Report` that `resolve()` returns): a
// diagram of the Argo CD components and the connections between them, the findings grouped by
// severity, and the details of whatever is selected.
//
// Data comes in through properties only: `report`, or `manifests` + `now` + `resolver` (the host
// passes `resolve` from 'argocd-tls-planner'). Every value from the report is written with
// textContent or as an attribute value; nothing is parsed as markup (certificate subjects, SANs
// and messages can carry it). The SVG is built with createElementNS. Styles are a constructable
// stylesheet (works under a CSP without 'unsafe-inline'). No storage, no location, no network;
// `navigator.clipboard` is used only when a Copy button is clicked.
//
// @element argocd-tls-report
// @attr hide-absent - components the manifests do not deploy are left out of the diagram
// @attr docs-base - base URL for finding docs links (`docs` is resolved against it; only http(s)
//   links under it are made); without it the docs path is shown as text
// @fires argocd-tls-select - a component, connection or finding was selected (click, Enter,
//   Space); detail: { kind: "component", name, component } | { kind: "connection", index,
//   client, server, connection } | { kind: "finding", index, code, finding }
// @fires argocd-tls-error - the resolver threw; detail: { error }
// @csspart summary - the header line with the version, namespace and counts
// @csspart diagram - the SVG
// @csspart node - a component in the diagram (also `node-absent`, `node-failed`)
// @csspart edge - a connection in the diagram (also `edge-fails`)
// @csspart legend - the legend under the diagram
// @csspart details - the details panel
// @csspart findings - the findings section
// @csspart finding - one finding
// @csspart hint - the fix of a finding (a <code>)
// @csspart copy - the Copy button of a hint
// @csspart chain - the expandable certificate chain of an endpoint
// @csspart error - the error box shown when the resolver throws or the data is not a report
// @cssprop --argocd-tls-fg - text colour
// @cssprop --argocd-tls-bg - background
// @cssprop --argocd-tls-panel - background of nodes, cards and the details panel
// @cssprop --argocd-tls-muted - secondary text
// @cssprop --argocd-tls-border - borders
// @cssprop --argocd-tls-ok - verified connections, components that start
// @cssprop --argocd-tls-warn - unverified TLS, warnings
// @cssprop --argocd-tls-bad - failures, errors
// @cssprop --argocd-tls-info - info findings
// @cssprop --argocd-tls-plain - plaintext connections
// @cssprop --argocd-tls-focus - focus ring and selection
// @cssprop --argocd-tls-font - font
// @cssprop --argocd-tls-mono - monospace font

import './argocd-tls-certificates.js';

const SVG = 'http://www.w3.org/2000/svg';

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host {
  --_fg: var(--argocd-tls-fg, #18181b); --_bg: var(--argocd-tls-bg, #f7f7f8);
  --_panel: var(--argocd-tls-panel, #ffffff); --_muted: var(--argocd-tls-muted, #52525b);
  --_border: var(--argocd-tls-border, #d4d4d8); --_ok: var(--argocd-tls-ok, #15803d);
  --_warn: var(--argocd-tls-warn, #b45309); --_bad: var(--argocd-tls-bad, #b91c1c);
  --_info: var(--argocd-tls-info, #1d4ed8); --_plain: var(--argocd-tls-plain, #64748b);
  --_focus: var(--argocd-tls-focus, #2563eb);
  --_mono: var(--argocd-tls-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
  display: block; color-scheme: light dark; color: var(--_fg); background: var(--_bg);
  font: var(--argocd-tls-font, 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
}
@media (prefers-color-scheme: dark) {
  :host {
    --_fg: var(--argocd-tls-fg, #ededf0); --_bg: var(--argocd-tls-bg, #111113);
    --_panel: var(--argocd-tls-panel, #1b1b1f); --_muted: var(--argocd-tls-muted, #a1a1aa);
    --_border: var(--argocd-tls-border, #3f3f46); --_ok: var(--argocd-tls-ok, #4ade80);
    --_warn: var(--argocd-tls-warn, #fbbf24); --_bad: var(--argocd-tls-bad, #f87171);
    --_info: var(--argocd-tls-info, #93b4ff); --_plain: var(--argocd-tls-plain, #94a3b8);
    --_focus: var(--argocd-tls-focus, #93b4ff);
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.wrap { container: report / inline-size; padding: 12px; }
button { font: inherit; color: inherit; }
code, pre, .mono { font-family: var(--_mono); font-size: 12px; }
:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }

.summary { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 14px; margin: 0 0 10px; }
.summary h2 { font-size: 15px; margin: 0; font-weight: 650; }
.meta { color: var(--_muted); }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin-left: auto; }
.chip { display: inline-flex; align-items: center; gap: 4px; border: 1px solid var(--_border); border-radius: 999px;
        padding: 0 8px; background: var(--_panel); white-space: nowrap; font-size: 12px; }
.chip .n { font-weight: 650; font-variant-numeric: tabular-nums; }
.chip.error .n, .sev-error { color: var(--_bad); }
.chip.warning .n, .sev-warning { color: var(--_warn); }
.chip.info .n, .sev-info { color: var(--_info); }
.banner { border: 1px solid var(--_bad); background: color-mix(in srgb, var(--_bad) 10%, var(--_panel));
          border-radius: 6px; padding: 8px 10px; margin: 0 0 10px; overflow-wrap: anywhere; }
.banner strong { color: var(--_bad); }
.empty { color: var(--_muted); padding: 24px 0; text-align: center; }

.main { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; align-items: start;
        grid-template-areas: "diagram" "details" "findings"; }
.main > figure { grid-area: diagram; }
.main > .details { grid-area: details; }
.main > .findings { grid-area: findings; }
@container report (min-width: 900px) {
  .main { grid-template-columns: minmax(0, 1.5fr) minmax(340px, 1fr); grid-template-rows: auto 1fr;
          grid-template-areas: "diagram details" "findings details"; }
  .details { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; }
}
.panel { background: var(--_panel); border: 1px solid var(--_border); border-radius: 8px; }
figure { margin: 0; padding: 8px; }
svg.diagram { display: block; width: 100%; height: auto; overflow: visible; }

.node .box { fill: var(--_panel); stroke: var(--_border); stroke-width: 1.25; }
.node .name { fill: var(--_fg); font-size: 13px; font-weight: 600; }
.node .status { fill: var(--_muted); font-size: 11.5px; }
.node .glyph-bg { fill: var(--_ok); }
.node .glyph { fill: var(--_panel); font-size: 11px; font-weight: 700; }
.node.failed .box { stroke: var(--_bad); stroke-width: 2; fill: color-mix(in srgb, var(--_bad) 8%, var(--_panel)); }
.node.failed .glyph-bg { fill: var(--_bad); }
.node.failed .status { fill: var(--_bad); font-weight: 600; }
.node.absent .box { stroke-dasharray: 5 4; fill: transparent; }
.node.absent .glyph-bg { fill: var(--_muted); }
.node.absent .name, .node.absent .status { fill: var(--_muted); }
.node.absent { opacity: 0.7; }
.node, .edge { cursor: pointer; outline: none; }
.node .ring { fill: none; stroke: var(--_focus); stroke-width: 3; opacity: 0; }
.node:focus-visible .ring, .node.selected .ring { opacity: 1; }
.node.related .ring { opacity: 0.6; stroke-dasharray: 4 3; }
.node:hover .box { stroke: var(--_focus); }

.edge .hit { stroke: transparent; stroke-width: 14; fill: none; }
.edge .halo { stroke: var(--_focus); stroke-width: 8; fill: none; opacity: 0; stroke-linecap: round; }
.edge:focus-visible .halo, .edge.selected .halo { opacity: 0.35; }
.edge.related .halo { opacity: 0.22; }
.edge:hover .line { stroke-width: 2.6; }
.edge .line { fill: none; stroke-width: 1.8; }
.edge .head { stroke: none; }
.edge.verified .line { stroke: var(--_ok); }
.edge.verified .head { fill: var(--_ok); }
.edge.unverified .line { stroke: var(--_warn); stroke-dasharray: 7 4; }
.edge.unverified .head { fill: var(--_warn); }
.edge.plaintext .line { stroke: var(--_plain); stroke-dasharray: 0.1 4.5; stroke-linecap: round; stroke-width: 2.4; }
.edge.plaintext .head { fill: var(--_plain); }
.edge.fails .line { stroke: var(--_bad); stroke-width: 2.4; }
.edge.fails .head { fill: var(--_bad); }
.edge.unknown .line { stroke: var(--_muted); }
.edge.unknown .head { fill: var(--_muted); }
.edge .badge-bg { stroke: var(--_panel); stroke-width: 1.5; }
.edge.fails .badge-bg { fill: var(--_bad); }
.edge.unknown .badge-bg { fill: var(--_muted); }
.edge .badge { fill: var(--_panel); font-size: 10px; font-weight: 800; }

.legend { display: flex; flex-wrap: wrap; gap: 4px 22px; margin: 6px 4px 0; color: var(--_muted); font-size: 12px; }
.legend ul { display: flex; flex-wrap: wrap; gap: 4px 11px; margin: 0; padding: 0; list-style: none; }
.legend .lg { font-weight: 600; }
.legend li { display: inline-flex; align-items: center; gap: 6px; }
.legend svg { width: 30px; height: 12px; overflow: visible; }
.legend .glyph { font-size: 7px; }

.details { padding: 12px 14px; min-height: 120px; }
.details:focus { outline: none; }
.details .placeholder { color: var(--_muted); margin: 0; }
.details h3 { font-size: 14px; margin: 0 0 2px; overflow-wrap: anywhere; }
.details h4 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_muted);
              margin: 14px 0 6px; font-weight: 600; }
.details h5 { font-size: 13px; margin: 10px 0 4px; }
.kind { color: var(--_muted); font-size: 12px; margin: 0 0 8px; }
.pill { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 11.5px; font-weight: 650;
        border: 1px solid currentColor; margin-left: 6px; vertical-align: 1px; }
.pill.ok { color: var(--_ok); } .pill.bad { color: var(--_bad); } .pill.warn { color: var(--_warn); }
.pill.muted { color: var(--_muted); }
dl.kv { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 0; }
dl.kv dt { color: var(--_muted); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
dl.kv ul { margin: 0; padding: 0; list-style: none; }
pre.err { margin: 4px 0 0; padding: 6px 8px; white-space: pre-wrap; overflow-wrap: anywhere; border-radius: 6px;
          border-left: 3px solid var(--_bad); background: color-mix(in srgb, var(--_bad) 8%, var(--_panel)); }
.endpoint { border-top: 1px solid var(--_border); padding-top: 6px; margin-top: 8px; }
.endpoint:first-of-type { border-top: 0; margin-top: 0; padding-top: 0; }
.src { color: var(--_muted); }
details.chain { margin-top: 6px; }
details.chain > summary { cursor: pointer; color: var(--_fg); padding: 2px 0; }
details.chain > summary .mono { overflow-wrap: anywhere; }
details.chain argocd-tls-certificates { margin-top: 6px; --argocd-tls-fg: var(--_fg); --argocd-tls-bg: var(--_bg);
  --argocd-tls-muted: var(--_muted); --argocd-tls-border: var(--_border); --argocd-tls-ok: var(--_ok);
  --argocd-tls-bad: var(--_bad); --argocd-tls-focus: var(--_focus); --argocd-tls-mono: var(--_mono); }
details.chain argocd-tls-certificates::part(card) { padding: 8px 10px; border-radius: 6px; }
details.chain argocd-tls-certificates::part(title) { font-size: 13px; margin-bottom: 4px; }
details.chain argocd-tls-certificates::part(field) { font-size: 11.5px; }
.links { display: flex; flex-direction: column; gap: 2px; margin: 0; padding: 0; list-style: none; }
.link { all: unset; cursor: pointer; display: inline-flex; gap: 6px; align-items: baseline; border-radius: 4px;
        padding: 1px 4px; margin-left: -4px; overflow-wrap: anywhere; }
.link:hover { background: color-mix(in srgb, var(--_focus) 12%, transparent); }
.link:focus-visible { outline: 2px solid var(--_focus); }
.mark { font-weight: 800; width: 1.1em; text-align: center; flex: none; }
.link .src { white-space: nowrap; margin-left: auto; padding-left: 6px; }

.findings { padding: 10px 12px; }
.findings > h3 { font-size: 14px; margin: 0 0 4px; }
.findings .none { color: var(--_muted); margin: 4px 0; }
.group h4 { display: flex; align-items: center; gap: 6px; font-size: 13px; margin: 10px 0 4px; }
.group h4 .count { color: var(--_muted); font-weight: 400; }
.group ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.finding { border: 1px solid var(--_border); border-left-width: 4px; border-radius: 6px; padding: 6px 10px;
           background: var(--_bg); }
.finding[data-severity="error"] { border-left-color: var(--_bad); }
.finding[data-severity="warning"] { border-left-color: var(--_warn); }
.finding[data-severity="info"] { border-left-color: var(--_info); }
.finding.selected { box-shadow: 0 0 0 2px var(--_focus); }
.fhead { all: unset; cursor: pointer; display: flex; gap: 8px; align-items: baseline; width: 100%; border-radius: 4px; }
.fhead:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
.fhead .code { font-family: var(--_mono); font-size: 12px; font-weight: 700; flex: none; }
.fhead .title { font-weight: 600; overflow-wrap: anywhere; }
.finding .message { margin: 2px 0 4px; overflow-wrap: anywhere; }
.hint { display: flex; gap: 8px; align-items: flex-start; margin: 2px 0; }
.hint .label { color: var(--_muted); flex: none; }
.hint-text { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.finding code, .details .message code { background: color-mix(in srgb, var(--_fg) 7%, transparent); border-radius: 3px;
  padding: 0 3px; overflow-wrap: anywhere; }
.copy { flex: none; border: 1px solid var(--_border); background: var(--_panel); border-radius: 4px;
        padding: 0 8px; cursor: pointer; font-size: 12px; }
.copy:hover { border-color: var(--_focus); }
.fmeta { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; color: var(--_muted); font-size: 12px; }
.subject { border: 1px solid var(--_border); border-radius: 4px; padding: 0 5px; background: var(--_panel);
           font-family: var(--_mono); font-size: 11.5px; overflow-wrap: anywhere; color: var(--_fg); }
button.subject { cursor: pointer; }
button.subject:hover { border-color: var(--_focus); }
.fmeta a { color: var(--_info); }
`);

/** The components Argo CD has, in diagram order; servers of other components go right. */
const ORDER = [
  'argocd-server',
  'argocd-application-controller',
  'argocd-applicationset-controller',
  'argocd-notifications-controller',
  'argocd-dex-server',
  'argocd-repo-server',
  'argocd-redis',
  'argocd-commit-server',
];
const SERVERS = new Set(['argocd-dex-server', 'argocd-repo-server', 'argocd-redis', 'argocd-commit-server']);
const SEVERITIES = [
  ['error', 'Errors', '✕'],
  ['warning', 'Warnings', '!'],
  ['info', 'Info', 'i'],
];

// Diagram geometry (viewBox units).
const NODE_W = 236;
const NODE_H = 50;
const ROW = 68;
const PAD = 6;
const GAP = 250; // horizontal room for edges between the columns
const LOOP = 22; // horizontal extent of the innermost edge between two nodes of one column
const LEVEL = 13; // extra extent per nesting level of such edges
const STACK_BELOW = 640; // container width (px) under which the diagram is one column

// -------------------------------------------------------------------------------- small helpers

const str = (v) => (v === null || v === undefined ? '' : String(v));
const list = (v) => (Array.isArray(v) ? v : []);

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'part') el.setAttribute('part', v);
    else if (k === 'text') el.textContent = str(v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : str(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(str(c)));
  }
  return el;
}

/**
 * Text with `backtick` spans (how the engine quotes keys, flags and values) as nodes: the quoted
 * parts become <code> elements. Everything stays text; an unpaired backtick is kept as is.
 */
function rich(text) {
  const t = str(text);
  const pieces = t.split('`');
  if (pieces.length < 3) return [document.createTextNode(t)];
  const out = [];
  pieces.forEach((piece, i) => {
    const last = i === pieces.length - 1;
    if (i % 2 === 1 && !last) out.push(h('code', { text: piece }));
    else if (i % 2 === 1) out.push(document.createTextNode(`\`${piece}`));
    else if (piece) out.push(document.createTextNode(piece));
  });
  return out;
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === 'text') el.textContent = str(v);
    else el.setAttribute(k, str(v));
  }
  for (const c of children.flat()) if (c) el.append(c);
  return el;
}

/** `argocd-repo-server` → `repo-server`: the diagram has little room. */
function shortName(name) {
  const n = str(name);
  const short = n.startsWith('argocd-') ? n.slice(7) : n;
  return short.length > 27 ? `${short.slice(0, 26)}…` : short;
}

/** The class a connection is drawn with: what the client does, then how it ends. */
function edgeStyle(c) {
  if (c.transport === 'plaintext') return 'plaintext';
  return c.verification === 'verify' ? 'verified' : 'unverified';
}

function describeConnection(c) {
  const how =
    c.transport === 'plaintext'
      ? 'plaintext'
      : c.verification === 'verify'
        ? 'TLS, certificate verified'
        : 'TLS, certificate not verified';
  const outcome = c.outcome === 'ok' ? 'works' : c.outcome === 'fails' ? 'FAILS' : 'outcome unknown';
  return `${str(c.client)} → ${str(c.server)}: ${how}; ${outcome}`;
}

function componentState(c) {
  if (!c.present) return 'not deployed';
  if (!c.starts) return 'exits at startup';
  return 'starts';
}

/** `1.2 (default)` → [`1.2`, `default`]. */
// A setting's provenance (report v2: `{ value, kind, name, object, env }`) as [value, where].
function settingSource(v) {
  if (!v || typeof v !== 'object') return [str(v), ''];
  const env = v.env ? ` (env ${str(v.env)})` : '';
  const from =
    v.kind === 'flag'
      ? `flag ${str(v.name)}`
      : v.kind === 'env'
        ? `env ${str(v.name)}`
        : v.kind === 'configMapKey'
          ? `${str(v.object)} ${str(v.name)}${env}`
          : v.kind === 'secretKey'
            ? `secret ${str(v.object)}/${str(v.name)}${env}`
            : v.kind === 'versionRule'
              ? str(v.name)
              : str(v.kind);
  return [v.value === '' ? '""' : str(v.value), from];
}

function bezier(p, t) {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * p[0][0] + b * p[1][0] + c * p[2][0] + d * p[3][0], a * p[0][1] + b * p[1][1] + c * p[2][1] + d * p[3][1]];
}

/**
 * The report with every array entry an object (null or a string becomes `{}`, so indexes stay
 * those of the original) and every certificate's list fields arrays: the renderers and
 * <argocd-tls-certificates> can then read fields without checks. Values stay as they are.
 */
function normalise(r) {
  if (!r || typeof r !== 'object' || !Array.isArray(r.components)) return r ?? null;
  const objs = (a) => list(a).map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? x : {}));
  const cert = (c) => {
    const out = { ...c };
    for (const k of ['dnsNames', 'ipAddresses', 'emailAddresses', 'uris']) out[k] = list(c[k]);
    return out;
  };
  const endpoint = (e) => {
    const tls = e.tls && typeof e.tls === 'object' ? e.tls : null;
    const certificate = tls?.certificate && typeof tls.certificate === 'object' ? tls.certificate : {};
    return {
      ...e,
      grade: e.grade && typeof e.grade === 'object' ? e.grade : null,
      tls: tls && { ...tls, certificate: { ...certificate, chain: objs(certificate.chain).map(cert) } },
    };
  };
  return {
    ...r,
    components: objs(r.components).map((c) => ({ ...c, endpoints: objs(c.endpoints).map(endpoint) })),
    connections: objs(r.connections).map((c) => ({ ...c, error: c.error && typeof c.error === 'object' ? c.error : null })),
    findings: objs(r.findings),
  };
}

// -------------------------------------------------------------------------------- the element

export class ArgocdTlsReport extends HTMLElement {
  static get observedAttributes() {
    return ['hide-absent', 'docs-base'];
  }

  #root;
  #report = null; // as set: event details carry its objects
  #view = null; // the same report with every array entry an object, for rendering
  #manifests = null;
  #now = null;
  #resolver = null;
  #resolveToken = 0;
  #resolveQueued = false;
  #stacked = false; // one-column diagram for narrow containers
  #error = null;
  #selection = null; // { kind, key }
  #els = {}; // rendered parts: summary, banner, main, svg, details, findings
  #nodeEls = new Map(); // name → <g>
  #edgeEls = []; // index → <g>
  #findingEls = []; // index → <li>

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [sheet];
    const wrap = h('div', { class: 'wrap' });
    this.#root.append(wrap);
    this.#els.wrap = wrap;
    // Narrow containers get a one-column diagram (edges as nested arcs) instead of a scaled-down
    // two-column one whose text would be too small to read.
    new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0;
      const stacked = width > 0 && width < STACK_BELOW;
      if (stacked !== this.#stacked) {
        this.#stacked = stacked;
        // Keep keyboard focus on the same node or edge across the re-render.
        const active = this.#root.activeElement;
        const name = active?.getAttribute?.('data-name');
        const index = active?.classList?.contains('edge') ? Number(active.getAttribute('data-index')) : null;
        this.#render();
        if (name) this.#nodeEls.get(name)?.focus();
        else if (index !== null) this.#edgeEls[index]?.focus();
      }
    }).observe(wrap);
    // Values a host set before the element was defined sit on the instance and would shadow the
    // accessors: move them through the setters.
    for (const prop of ['resolver', 'now', 'manifests', 'report']) {
      if (Object.prototype.hasOwnProperty.call(this, prop)) {
        const value = this[prop];
        delete this[prop];
        this[prop] = value;
      }
    }
    this.#render();
  }

  attributeChangedCallback() {
    this.#render();
  }

  /** @type {object|null} the report to render (what `resolve()` returns) */
  get report() {
    return this.#report;
  }
  set report(value) {
    this.#resolveToken += 1; // a report set directly wins over a resolution in flight
    this.#error = null;
    this.#setReport(value);
    this.#render();
  }

  /** @type {string|Array<{name: string, text: string}>|null} manifests to resolve with `resolver` */
  get manifests() {
    return this.#manifests;
  }
  set manifests(value) {
    this.#manifests = value ?? null;
    this.#queueResolve();
  }

  /** @type {Date|string|number|null} the instant to resolve at (default: the time of resolving) */
  get now() {
    return this.#now;
  }
  set now(value) {
    this.#now = value ?? null;
    this.#queueResolve();
  }

  /** @type {((manifests: any, options: {now: Date|string|number}) => object|Promise<object>)|null} */
  get resolver() {
    return this.#resolver;
  }
  set resolver(value) {
    this.#resolver = typeof value === 'function' ? value : null;
    this.#queueResolve();
  }

  /** @type {{kind: string, name?: string, index?: number}|null} what is selected */
  get selection() {
    const sel = this.#selection;
    if (!sel) return null;
    return sel.kind === 'component' ? { kind: sel.kind, name: sel.key } : { kind: sel.kind, index: sel.key };
  }

  /**
   * Selects a component (`{kind: 'component', name}`), a connection (`{kind: 'connection',
   * index}` or `{kind: 'connection', client, server}`) or a finding (`{kind: 'finding', index}`)
   * without firing an event; `null` clears the selection.
   */
  select(what) {
    if (!what) {
      this.#selection = null;
      this.#updateSelection();
      return;
    }
    const r = this.#view;
    if (what.kind === 'connection' && what.index === undefined && r) {
      const index = list(r.connections).findIndex((c) => c.client === what.client && c.server === what.server);
      if (index >= 0) this.#setSelection('connection', index, false);
      return;
    }
    this.#setSelection(what.kind, what.kind === 'component' ? what.name : what.index, false);
  }

  #setReport(value) {
    this.#report = value ?? null;
    this.#view = normalise(this.#report);
    this.#selection = null;
  }

  // ---------------------------------------------------------------------------- resolving

  #queueResolve() {
    if (this.#resolveQueued) return;
    this.#resolveQueued = true;
    queueMicrotask(() => {
      this.#resolveQueued = false;
      this.#resolve();
    });
  }

  async #resolve() {
    if (!this.#resolver || this.#manifests === null) return;
    const token = ++this.#resolveToken;
    try {
      const report = await this.#resolver(this.#manifests, { now: this.#now ?? new Date() });
      if (token !== this.#resolveToken) return;
      this.#error = null;
      this.#setReport(report);
    } catch (error) {
      if (token !== this.#resolveToken) return;
      this.#error = error;
      this.#setReport(null);
      this.dispatchEvent(new CustomEvent('argocd-tls-error', { detail: { error }, bubbles: true, composed: true }));
    }
    this.#render();
  }

  // ---------------------------------------------------------------------------- rendering

  #render() {
    const wrap = this.#els.wrap;
    if (!wrap) return;
    this.#nodeEls = new Map();
    this.#edgeEls = [];
    this.#findingEls = [];
    const r = this.#view;
    if (this.#error) {
      const e = this.#error;
      const where = [e?.file, e?.line, e?.column].filter((x) => x !== undefined && x !== null && x !== '').join(':');
      wrap.replaceChildren(
        h(
          'div',
          { class: 'banner', role: 'alert', part: 'error' },
          h('strong', { text: `Cannot resolve these manifests${where ? ` (${where})` : ''}: ` }),
          h('span', { text: e?.message ?? String(e) }),
        ),
      );
      return;
    }
    if (!r) {
      wrap.replaceChildren(h('p', { class: 'empty', text: 'No report.' }));
      return;
    }
    if (typeof r !== 'object' || !Array.isArray(r.components)) {
      wrap.replaceChildren(
        h('div', { class: 'banner', role: 'alert', part: 'error' }, h('strong', { text: 'Not a planner report: ' }), 'expected an object with `components`, `connections` and `findings`.'),
      );
      return;
    }
    const notice =
      r.schemaVersion !== undefined && r.schemaVersion !== 2
        ? h('div', { class: 'banner', role: 'note' }, h('strong', { text: `schemaVersion ${str(r.schemaVersion)}: ` }), 'this element reads version 2; fields it does not know are not shown.')
        : null;
    const details = h('aside', { class: 'details panel', part: 'details', role: 'region', 'aria-label': 'Details', tabindex: '-1' });
    this.#els.details = details;
    const figure = h('figure', { class: 'panel' }, this.#diagram(r), this.#legend());
    wrap.replaceChildren(this.#summary(r), notice ?? '', h('div', { class: 'main' }, figure, details, this.#findings(r)));
    this.#updateSelection();
  }

  #summary(r) {
    const findings = list(r.findings);
    const count = (sev) => findings.filter((f) => f.severity === sev).length;
    const present = list(r.components).filter((c) => c.present);
    const starting = present.filter((c) => c.starts);
    const conns = list(r.connections);
    const failing = conns.filter((c) => c.outcome === 'fails').length;
    const chip = (cls, n, label) => h('span', { class: `chip ${cls}` }, h('span', { class: 'n', text: n }), ` ${label}`);
    const plural = (n, one, many) => (n === 1 ? one : many);
    return h(
      'header',
      { class: 'summary', part: 'summary' },
      h('h2', { text: 'TLS report' }),
      h('span', {
        class: 'meta',
        text: `Argo CD ${str(r.argocdVersion) || '?'} · namespace ${str(r.namespace) || '?'} · at ${str(r.now) || '?'}`,
      }),
      h(
        'span',
        { class: 'chips' },
        chip('error', count('error'), plural(count('error'), 'error', 'errors')),
        chip('warning', count('warning'), plural(count('warning'), 'warning', 'warnings')),
        chip('info', count('info'), 'info'),
        chip('components', `${starting.length}/${present.length}`, 'components start'),
        chip(failing ? 'error' : 'connections', `${failing}/${conns.length}`, 'connections fail'),
      ),
    );
  }

  #layout(r) {
    const hide = this.hasAttribute('hide-absent');
    const comps = list(r.components).filter((c) => typeof c.name === 'string' && c.name && (!hide || c.present));
    const conns = list(r.connections);
    const serverNames = new Set(conns.map((c) => c.server));
    const rank = (n) => {
      const i = ORDER.indexOf(n);
      return i < 0 ? ORDER.length : i;
    };
    const sorted = [...comps].sort((a, b) => rank(a.name) - rank(b.name) || str(a.name).localeCompare(str(b.name)));
    const isRight = (c) => SERVERS.has(c.name) || (!ORDER.includes(c.name) && serverNames.has(c.name));
    const pos = new Map();
    if (this.#stacked) {
      sorted.forEach((c, i) => pos.set(c.name, { x: PAD, y: PAD + i * ROW, col: 'stack', c }));
    } else {
      const left = sorted.filter((c) => !isRight(c));
      const right = sorted.filter(isRight);
      left.forEach((c, i) => pos.set(c.name, { x: 0, y: PAD + i * ROW, col: 'left', c }));
      right.forEach((c, i) => pos.set(c.name, { x: 0, y: PAD + i * ROW, col: 'right', c }));
    }
    // Edges within one column are arcs beside it; nested arcs get increasing levels.
    const levels = new Map(); // connection index → level
    const byCol = new Map();
    conns.forEach((c, index) => {
      const a = pos.get(c.client);
      const b = pos.get(c.server);
      if (!a || !b || a.col !== b.col) return;
      if (!byCol.has(a.col)) byCol.set(a.col, []);
      byCol.get(a.col).push({ index, lo: Math.min(a.y, b.y), hi: Math.max(a.y, b.y) });
    });
    const depth = { left: 0, right: 0, stack: 0 };
    for (const [col, arcs] of byCol) {
      arcs.sort((p, q) => p.hi - p.lo - (q.hi - q.lo) || p.lo - q.lo);
      const placed = [];
      for (const arc of arcs) {
        let level = 0;
        while (placed.some((o) => o.level === level && o.lo <= arc.hi && arc.lo <= o.hi)) level += 1;
        placed.push({ ...arc, level });
        levels.set(arc.index, level);
        depth[col] = Math.max(depth[col], LOOP + level * LEVEL + 8);
      }
    }
    const xl = PAD + depth.left;
    const xr = xl + NODE_W + GAP;
    for (const p of pos.values()) p.x = p.col === 'right' ? xr : p.col === 'left' ? xl : PAD;
    const rows = this.#stacked
      ? Math.max(pos.size, 1)
      : Math.max([...pos.values()].filter((p) => p.col === 'left').length, [...pos.values()].filter((p) => p.col === 'right').length, 1);
    const width = this.#stacked ? PAD + NODE_W + depth.stack + PAD : xr + NODE_W + PAD + depth.right;
    const height = PAD * 2 + (rows - 1) * ROW + NODE_H;
    return { pos, width, height, levels };
  }

  #diagram(r) {
    const { pos, width, height, levels } = this.#layout(r);
    const conns = list(r.connections);
    const svg = s('svg', {
      class: 'diagram',
      part: 'diagram',
      viewBox: `0 0 ${width} ${height}`,
      role: 'group',
      'aria-label': `Components and connections: ${pos.size} components, ${conns.length} connections`,
      'data-layout': this.#stacked ? 'stacked' : 'columns',
    });
    this.#els.svg = svg;

    // Ports: each edge gets its own attachment point on the side of a node it touches.
    const sides = new Map(); // `${name}:${side}` → [{ index, otherY }]
    const edges = [];
    conns.forEach((c, index) => {
      const a = pos.get(c.client);
      const b = pos.get(c.server);
      if (!a || !b) return;
      let sa;
      let sb;
      if (a.col !== b.col) {
        sa = a.x < b.x ? 'r' : 'l';
        sb = a.x < b.x ? 'l' : 'r';
      } else {
        sa = sb = a.col === 'left' ? 'l' : 'r';
      }
      edges.push({ c, index, a, b, sa, sb, level: levels.get(index) ?? 0 });
      for (const [node, side, other] of [
        [a, sa, b],
        [b, sb, a],
      ]) {
        const key = `${node.c.name}:${side}`;
        if (!sides.has(key)) sides.set(key, []);
        sides.get(key).push({ index, otherY: other.y, self: node === a });
      }
    });
    const port = (node, side, index) => {
      const arr = sides.get(`${node.c.name}:${side}`) ?? [];
      arr.sort((p, q) => p.otherY - q.otherY || p.index - q.index);
      const i = arr.findIndex((p) => p.index === index);
      const y = node.y + (NODE_H * (i + 1)) / (arr.length + 1);
      const x = side === 'r' ? node.x + NODE_W : node.x;
      return { x, y, i, n: arr.length };
    };

    const nodes = s('g', { class: 'nodes' });
    for (const { x, y, c } of pos.values()) nodes.append(this.#node(c, x, y));
    const edgeGroup = s('g', { class: 'edges' });
    for (const e of edges) edgeGroup.append(this.#edge(e, port(e.a, e.sa, e.index), port(e.b, e.sb, e.index)));
    svg.append(nodes, edgeGroup);
    return svg;
  }

  #node(c, x, y) {
    const failed = c.present && !c.starts;
    const cls = ['node', c.present ? '' : 'absent', failed ? 'failed' : ''].filter(Boolean).join(' ');
    const parts = ['node', c.present ? '' : 'node-absent', failed ? 'node-failed' : ''].filter(Boolean).join(' ');
    const tlsEps = list(c.endpoints).filter((e) => e && e.tls);
    let status;
    if (!c.present) status = 'not deployed';
    else if (failed) status = 'exits at startup';
    else if (tlsEps.length) {
      const e = tlsEps[0];
      const grade = e.grade?.sslLabs ? ` · grade ${e.grade.sslLabs}` : '';
      status = `TLS ${str(e.tls.minVersion)}–${str(e.tls.maxVersion)} on :${str(e.port)}${grade}${tlsEps.length > 1 ? ` +${tlsEps.length - 1}` : ''}`;
    } else {
      const ports = list(c.endpoints).map((e) => `:${str(e.port)}`).join(' ');
      status = `no TLS${ports ? ` · ${ports}` : ''}`;
    }
    const label = `${str(c.name)}: ${componentState(c)}${c.present && !failed ? `, ${status}` : ''}`;
    const g = s('g', {
      class: cls,
      part: parts,
      tabindex: '0',
      role: 'button',
      'aria-label': label,
      'data-name': str(c.name),
      'data-state': c.present ? (c.starts ? 'starts' : 'fails') : 'absent',
      transform: `translate(${x} ${y})`,
    });
    const glyph = !c.present ? '–' : failed ? '✕' : '✓';
    const short = shortName(c.name);
    const name = s('text', { class: 'name', x: 30, y: 20, text: short });
    g.append(
      s('title', { text: label }),
      s('rect', { class: 'ring', x: -3, y: -3, width: NODE_W + 6, height: NODE_H + 6, rx: 9 }),
      s('rect', { class: 'box', x: 0, y: 0, width: NODE_W, height: NODE_H, rx: 7 }),
      s('circle', { class: 'glyph-bg', cx: 16, cy: NODE_H / 2, r: 8 }),
      s('text', { class: 'glyph', x: 16, y: NODE_H / 2 + 4, 'text-anchor': 'middle', 'aria-hidden': 'true', text: glyph }),
      name,
      s('text', { class: 'status', x: 30, y: 38, text: status }),
    );
    const activate = () => this.#setSelection('component', c.name, true);
    this.#activation(g, activate);
    this.#nodeEls.set(c.name, g);
    return g;
  }

  #edge({ c, index, sa, sb, level }, p, q) {
    const style = edgeStyle(c);
    const outcome = c.outcome === 'ok' || c.outcome === 'fails' ? c.outcome : 'unknown';
    const cls = ['edge', style, outcome === 'ok' ? '' : outcome].filter(Boolean).join(' ');
    const label = describeConnection(c);
    const g = s('g', {
      class: cls,
      part: outcome === 'fails' ? 'edge edge-fails' : 'edge',
      tabindex: '0',
      role: 'button',
      'aria-label': label,
      'data-client': str(c.client),
      'data-server': str(c.server),
      'data-transport': str(c.transport),
      'data-verification': str(c.verification),
      'data-outcome': outcome,
      'data-index': index,
    });
    const HEAD = 8;
    // The line ends at the base of the arrow head; the head touches the node.
    let pts;
    let dir; // direction of the head: +1 right, -1 left
    if (sa !== sb) {
      dir = q.x > p.x ? 1 : -1;
      const x2 = q.x - dir * HEAD;
      const dx = (x2 - p.x) / 2;
      pts = [
        [p.x, p.y],
        [p.x + dx, p.y],
        [x2 - dx, q.y],
        [x2, q.y],
      ];
    } else {
      dir = sa === 'r' ? -1 : 1;
      const out = (-dir * (LOOP + level * LEVEL)) / 0.75; // a cubic reaches 3/4 of its control offset
      const x2 = q.x - dir * HEAD;
      pts = [
        [p.x, p.y],
        [p.x + out, p.y],
        [q.x + out, q.y],
        [x2, q.y],
      ];
    }
    const d = `M${pts[0][0]},${pts[0][1]} C${pts[1][0]},${pts[1][1]} ${pts[2][0]},${pts[2][1]} ${pts[3][0]},${pts[3][1]}`;
    const head = `M${q.x},${q.y} L${q.x - dir * HEAD},${q.y - 4.5} L${q.x - dir * HEAD},${q.y + 4.5} Z`;
    g.append(
      s('title', { text: label }),
      s('path', { class: 'halo', d }),
      s('path', { class: 'hit', d }),
      s('path', { class: 'line', d }),
      s('path', { class: 'head', d: head }),
    );
    if (outcome !== 'ok') {
      // Stagger the badges of neighbouring ports so they do not overlap.
      const t = sa === sb ? 0.5 : q.i % 2 === 0 ? 0.8 : 0.62;
      const [bx, by] = bezier(pts, t);
      g.append(
        s('circle', { class: 'badge-bg', cx: bx.toFixed(1), cy: by.toFixed(1), r: 7 }),
        s('text', {
          class: 'badge',
          x: bx.toFixed(1),
          y: (by + 3.5).toFixed(1),
          'text-anchor': 'middle',
          'aria-hidden': 'true',
          text: outcome === 'fails' ? '✕' : '?',
        }),
      );
    }
    this.#activation(g, () => this.#setSelection('connection', index, true));
    this.#edgeEls[index] = g;
    return g;
  }

  #activation(el, activate) {
    el.addEventListener('click', activate);
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        activate();
      }
    });
  }

  #legend() {
    const sample = (cls, badge) => {
      const svg = s('svg', { viewBox: '0 0 34 14', 'aria-hidden': 'true' });
      const g = s('g', { class: `edge ${cls}` });
      g.append(s('path', { class: 'line', d: 'M1,7 L26,7' }), s('path', { class: 'head', d: 'M33,7 L25,2.5 L25,11.5 Z' }));
      if (badge) {
        g.append(
          s('circle', { class: 'badge-bg', cx: 14, cy: 7, r: 6.5 }),
          s('text', { class: 'badge', x: 14, y: 10.5, 'text-anchor': 'middle', text: badge }),
        );
      }
      svg.append(g);
      return svg;
    };
    const nodeSample = (cls, glyph) => {
      const svg = s('svg', { viewBox: '0 0 34 14', 'aria-hidden': 'true' });
      const g = s('g', { class: `node ${cls}` });
      g.append(
        s('rect', { class: 'box', x: 1, y: 1, width: 32, height: 12, rx: 3 }),
        s('circle', { class: 'glyph-bg', cx: 8, cy: 7, r: 4.5 }),
        s('text', { class: 'glyph', x: 8, y: 10, 'text-anchor': 'middle', text: glyph }),
      );
      svg.append(g);
      return svg;
    };
    const item = (svg, text) => h('li', {}, svg, h('span', { text }));
    return h(
      'div',
      { class: 'legend', part: 'legend', role: 'group', 'aria-label': 'Legend' },
      h(
        'ul',
        { 'aria-label': 'Connections' },
        h('li', { class: 'lg', 'aria-hidden': 'true', text: 'Connections' }),
        item(sample('verified'), 'TLS, verified'),
        item(sample('unverified'), 'TLS, not verified'),
        item(sample('plaintext'), 'plaintext'),
        item(sample('verified fails', '✕'), 'fails'),
        item(sample('unverified unknown', '?'), 'unknown'),
      ),
      h(
        'ul',
        { 'aria-label': 'Components' },
        h('li', { class: 'lg', 'aria-hidden': 'true', text: 'Components' }),
        item(nodeSample('', '✓'), 'starts'),
        item(nodeSample('failed', '✕'), 'exits at startup'),
        item(nodeSample('absent', '–'), 'not deployed'),
      ),
    );
  }

  #findings(r) {
    const findings = list(r.findings);
    const section = h('section', { class: 'findings panel', part: 'findings', 'aria-label': 'Findings' });
    section.append(h('h3', { text: `Findings (${findings.length})` }));
    if (!findings.length) section.append(h('p', { class: 'none', text: 'No findings.' }));
    const known = new Set(SEVERITIES.map(([k]) => k));
    const groups = [...SEVERITIES, ['other', 'Other', '·']];
    for (const [sev, title, mark] of groups) {
      const items = findings
        .map((f, index) => ({ f, index }))
        .filter(({ f }) => (sev === 'other' ? !known.has(f?.severity) : f?.severity === sev));
      if (!items.length) continue;
      const ul = h('ul');
      for (const { f, index } of items) ul.append(this.#finding(f, index));
      section.append(
        h(
          'div',
          { class: 'group', 'data-severity': sev },
          h('h4', {}, h('span', { class: `mark sev-${sev}`, 'aria-hidden': 'true', text: mark }), `${title} `, h('span', { class: 'count', text: `(${items.length})` })),
          ul,
        ),
      );
    }
    return section;
  }

  #finding(f, index) {
    const sev = str(f.severity);
    const li = h('li', { class: 'finding', part: 'finding', 'data-severity': sev, 'data-code': str(f.code), 'data-index': index });
    const head = h(
      'button',
      { class: 'fhead', type: 'button', 'aria-label': `${str(f.code)} ${sev}: ${str(f.title)}` },
      h('span', { class: `code sev-${sev}`, text: str(f.code) }),
      h('span', { class: 'title' }, rich(f.title)),
    );
    head.addEventListener('click', () => this.#setSelection('finding', index, true));
    li.append(head, h('p', { class: 'message' }, rich(f.message)));
    if (str(f.hint)) li.append(this.#hint(str(f.hint), str(f.code)));
    const meta = h('div', { class: 'fmeta' });
    const subjects = list(f.subjects);
    if (subjects.length) {
      meta.append(h('span', { text: subjects.length === 1 ? 'subject' : 'subjects' }));
      for (const subj of subjects) meta.append(this.#subject(subj));
    }
    const href = this.#docsHref(f.docs);
    if (href) meta.append(h('a', { href, target: '_blank', rel: 'noopener noreferrer', text: 'docs' }));
    else if (str(f.docs)) meta.append(h('span', { class: 'mono', text: str(f.docs) }));
    if (meta.childNodes.length) li.append(meta);
    this.#findingEls[index] = li;
    return li;
  }

  #hint(text, code) {
    const codeEl = h('span', { class: 'hint-text', part: 'hint' }, rich(text));
    const button = h('button', { class: 'copy', part: 'copy', type: 'button', 'aria-label': `Copy the fix for ${code}`, text: 'Copy' });
    let timer = null;
    button.addEventListener('click', async () => {
      let ok = false;
      try {
        if (navigator.clipboard?.writeText) {
          await navigator.clipboard.writeText(text);
          ok = true;
        }
      } catch {
        ok = false;
      }
      if (!ok) {
        // No clipboard access (insecure context, denied): select the text for a manual copy.
        const range = document.createRange();
        range.selectNodeContents(codeEl);
        const sel = this.#root.getSelection?.() ?? document.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
      button.textContent = ok ? 'Copied' : 'Selected';
      clearTimeout(timer);
      timer = setTimeout(() => (button.textContent = 'Copy'), 1500);
    });
    return h('div', { class: 'hint' }, h('span', { class: 'label', text: 'Fix' }), codeEl, button);
  }

  /** A finding subject: a button to the component or connection when the report has it. */
  #subject(subject) {
    const text = str(subject);
    const r = this.#view;
    const arrow = text.indexOf('->');
    if (arrow > 0) {
      const client = text.slice(0, arrow);
      const server = text.slice(arrow + 2);
      const index = list(r?.connections).findIndex((c) => c.client === client && c.server === server);
      const shown = `${client} → ${server}`;
      if (index >= 0) {
        const b = h('button', { class: 'subject', type: 'button', 'aria-label': `show connection ${shown}`, text: shown });
        b.addEventListener('click', () => this.#setSelection('connection', index, true));
        return b;
      }
      return h('span', { class: 'subject', text: shown });
    }
    if (list(r?.components).some((c) => c.name === text)) {
      const b = h('button', { class: 'subject', type: 'button', 'aria-label': `show component ${text}`, text });
      b.addEventListener('click', () => this.#setSelection('component', text, true));
      return b;
    }
    return h('span', { class: 'subject', text });
  }

  #docsHref(docs) {
    const base = this.getAttribute('docs-base');
    if (!base || typeof docs !== 'string' || !docs) return null;
    try {
      const b = new URL(base, document.baseURI);
      const u = new URL(docs, b);
      if ((u.protocol === 'https:' || u.protocol === 'http:') && u.href.startsWith(b.href)) return u.href;
    } catch {
      // not a URL: shown as text
    }
    return null;
  }

  // ---------------------------------------------------------------------------- selection

  #setSelection(kind, key, fire) {
    const r = this.#view;
    const orig = this.#report;
    if (!r || !orig) return;
    let detail = null;
    if (kind === 'component') {
      const index = r.components.findIndex((c) => c.name === key);
      if (index >= 0) detail = { kind, name: key, component: orig.components[index] };
    } else if (kind === 'connection') {
      const connection = r.connections[key];
      if (connection) detail = { kind, index: key, client: connection.client, server: connection.server, connection: orig.connections[key] };
    } else if (kind === 'finding') {
      const finding = r.findings[key];
      if (finding) detail = { kind, index: key, code: finding.code, finding: orig.findings[key] };
    }
    if (!detail) return;
    this.#selection = { kind, key };
    this.#updateSelection();
    if (fire) {
      this.dispatchEvent(new CustomEvent('argocd-tls-select', { detail, bubbles: true, composed: true }));
      const details = this.#els.details;
      if (details && this.#els.wrap.clientWidth < 900 && kind !== 'finding') details.scrollIntoView?.({ block: 'nearest' });
    }
  }

  #updateSelection() {
    const sel = this.#selection;
    const r = this.#view;
    const related = { nodes: new Set(), edges: new Set() };
    if (sel?.kind === 'finding' && r) {
      for (const subj of list(list(r.findings)[sel.key]?.subjects)) {
        const t = str(subj);
        const arrow = t.indexOf('->');
        if (arrow > 0) {
          const i = list(r.connections).findIndex((c) => c.client === t.slice(0, arrow) && c.server === t.slice(arrow + 2));
          if (i >= 0) related.edges.add(i);
        } else related.nodes.add(t);
      }
    } else if (sel?.kind === 'component' && r) {
      // A component's connections.
      r.connections.forEach((c, i) => {
        if (c.client === sel.key || c.server === sel.key) related.edges.add(i);
      });
    } else if (sel?.kind === 'connection' && r) {
      const c = r.connections[sel.key];
      if (c) related.nodes.add(c.client).add(c.server);
    }
    for (const [name, g] of this.#nodeEls) {
      const on = sel?.kind === 'component' && sel.key === name;
      g.classList.toggle('selected', on);
      g.classList.toggle('related', related.nodes.has(name));
      if (on) g.setAttribute('aria-current', 'true');
      else g.removeAttribute('aria-current');
    }
    this.#edgeEls.forEach((g, i) => {
      if (!g) return;
      const on = sel?.kind === 'connection' && sel.key === i;
      g.classList.toggle('selected', on);
      g.classList.toggle('related', related.edges.has(i));
      if (on) g.setAttribute('aria-current', 'true');
      else g.removeAttribute('aria-current');
    });
    this.#findingEls.forEach((li, i) => {
      if (!li) return;
      const on = sel?.kind === 'finding' && sel.key === i;
      li.classList.toggle('selected', on);
      if (on) li.setAttribute('aria-current', 'true');
      else li.removeAttribute('aria-current');
    });
    const details = this.#els.details;
    if (!details || !r) return;
    if (!sel) {
      details.replaceChildren(
        h('p', { class: 'placeholder', text: 'Select a component or a connection in the diagram (click, or Tab then Enter) to see its TLS settings, certificate and errors.' }),
      );
      return;
    }
    if (sel.kind === 'component') details.replaceChildren(...this.#componentDetails(list(r.components).find((c) => c.name === sel.key)));
    else if (sel.kind === 'connection') details.replaceChildren(...this.#connectionDetails(list(r.connections)[sel.key], sel.key));
    else details.replaceChildren(...this.#findingDetails(list(r.findings)[sel.key]));
  }

  // ---------------------------------------------------------------------------- details

  #kv(rows) {
    const dl = h('dl', { class: 'kv' });
    for (const [k, v] of rows) {
      if (v === null || v === undefined) continue;
      dl.append(h('dt', { text: k }), v instanceof Node ? h('dd', {}, v) : h('dd', { text: v }));
    }
    return dl;
  }

  #related(predicate) {
    const r = this.#view;
    const out = [];
    list(r?.findings).forEach((f, index) => {
      if (!list(f.subjects).some((x) => predicate(str(x)))) return;
      const b = h(
        'button',
        { class: 'link', type: 'button' },
        h('span', { class: `mark sev-${str(f.severity)}`, 'aria-hidden': 'true', text: SEVERITIES.find(([k]) => k === f.severity)?.[2] ?? '·' }),
        h('span', { class: 'mono', text: str(f.code) }),
        h('span', { text: str(f.title) }),
      );
      b.setAttribute('aria-label', `finding ${str(f.code)} (${str(f.severity)}): ${str(f.title)}`);
      b.addEventListener('click', () => this.#setSelection('finding', index, true));
      out.push(h('li', {}, b));
    });
    return out.length ? [h('h4', { text: `Findings (${out.length})` }), h('ul', { class: 'links' }, out)] : [];
  }

  #componentDetails(c) {
    if (!c) return [];
    const state = componentState(c);
    const pill = h('span', { class: `pill ${!c.present ? 'muted' : c.starts ? 'ok' : 'bad'}`, text: state });
    const out = [h('h3', {}, str(c.name), pill), h('p', { class: 'kind', text: 'component' })];
    if (c.startupError) out.push(h('h4', { text: 'Startup error' }), h('pre', { class: 'err' }, h('code', { text: str(c.startupError) })));
    const endpoints = list(c.endpoints);
    if (endpoints.length) {
      out.push(h('h4', { text: `Endpoints (${endpoints.length})` }));
      for (const e of endpoints) out.push(this.#endpoint(e));
    } else if (c.present) out.push(h('p', { class: 'placeholder', text: 'No endpoints.' }));
    const r = this.#view;
    const conns = list(r?.connections)
      .map((x, index) => ({ x, index }))
      .filter(({ x }) => x.client === c.name || x.server === c.name);
    if (conns.length) {
      out.push(h('h4', { text: `Connections (${conns.length})` }));
      const ul = h('ul', { class: 'links' });
      for (const { x, index } of conns) {
        const mark = x.outcome === 'fails' ? '✕' : x.outcome === 'ok' ? '✓' : '?';
        const b = h(
          'button',
          { class: 'link', type: 'button', 'aria-label': describeConnection(x) },
          h('span', { class: `mark ${x.outcome === 'fails' ? 'sev-error' : ''}`, 'aria-hidden': 'true', text: mark }),
          h('span', { text: `${str(x.client)} → ${str(x.server)}` }),
          h('span', { class: 'src', text: edgeStyle(x) === 'verified' ? 'verified' : edgeStyle(x) === 'unverified' ? 'not verified' : 'plaintext' }),
        );
        b.addEventListener('click', () => this.#setSelection('connection', index, true));
        ul.append(h('li', {}, b));
      }
      out.push(ul);
    }
    out.push(...this.#related((x) => x === c.name));
    return out;
  }

  #endpoint(e) {
    const box = h('div', { class: 'endpoint' });
    const tls = e.tls;
    box.append(
      h(
        'h5',
        {},
        `${str(e.name)} :${str(e.port)} `,
        h('span', { class: 'src', text: str(e.protocol) }),
        h('span', { class: `pill ${tls ? 'ok' : 'muted'}`, text: tls ? 'TLS' : 'plaintext' }),
      ),
    );
    if (tls) {
      const suites = tls.cipherSuites === null || tls.cipherSuites === undefined
        ? 'not set by Argo CD (the server’s own defaults)'
        : list(tls.cipherSuites).length
          ? h('ul', {}, list(tls.cipherSuites).map((x) => h('li', { class: 'mono', text: x })))
          : 'none';
      const cert = tls.certificate ?? {};
      const lifecycle = [
        cert.persistent ? 'persistent' : 'regenerated on every start',
        cert.hotReload ? 'hot-reloaded' : 'rotation needs a restart',
      ].join(' · ');
      const g = e.grade;
      box.append(
        this.#kv([
          ['TLS versions', `${str(tls.minVersion)} – ${str(tls.maxVersion)}`],
          ['Suites (≤ 1.2)', suites],
          ['Client certs', tls.clientAuth === 'require' ? 'required (mTLS)' : 'not requested'],
          ['ALPN', list(tls.alpn).length ? list(tls.alpn).join(', ') : 'none'],
          ['Certificate', h('span', {}, h('span', { class: 'mono', text: str(cert.source) }), h('span', { class: 'src', text: ` · ${lifecycle}` }))],
          g ? ['Grade', `${str(g.sslLabs)} (SSL-Labs style) · Mozilla ${str(g.mozilla)}`] : null,
          g && list(g.caps).length ? ['Caps', h('ul', {}, list(g.caps).map((x) => h('li', { text: x })))] : null,
          g && list(g.mozillaGaps).length ? ['Gaps', h('ul', {}, list(g.mozillaGaps).map((x) => h('li', { class: 'src', text: x })))] : null,
        ].filter(Boolean)),
      );
      const chain = list(cert.chain);
      if (chain.length) {
        const leaf = chain[0] ?? {};
        const certs = document.createElement('argocd-tls-certificates');
        certs.certificates = chain;
        if (this.#view?.now) certs.now = str(this.#view.now);
        box.append(
          h(
            'details',
            { class: 'chain', part: 'chain' },
            h(
              'summary',
              {},
              `Certificate chain (${chain.length}): `,
              h('span', { class: 'mono', text: str(leaf.subject) || '(empty subject)' }),
              h('span', { class: 'src', text: ` · until ${str(leaf.notAfter)}` }),
            ),
            certs,
          ),
        );
      }
    }
    const sources = e.sources instanceof Map ? [...e.sources] : Object.entries(e.sources ?? {});
    if (sources.length) {
      box.append(
        h('h4', { text: 'Settings and where they come from' }),
        this.#kv(
          sources.map(([k, v]) => {
            const [value, from] = settingSource(v);
            return [k, h('span', {}, h('span', { class: 'mono', text: value }), from ? h('span', { class: 'src', text: ` ${from}` }) : '')];
          }),
        ),
      );
    }
    return box;
  }

  #connectionDetails(c, index) {
    if (!c) return [];
    const outcome = c.outcome === 'ok' ? ['ok', 'works'] : c.outcome === 'fails' ? ['bad', 'fails'] : ['muted', 'unknown'];
    const verification =
      c.verification === 'verify'
        ? 'verified (strict)'
        : c.verification === 'skip-verify'
          ? 'not verified (InsecureSkipVerify)'
          : 'none (plaintext)';
    const n = c.negotiated;
    const out = [
      h('h3', {}, `${str(c.client)} → ${str(c.server)}`, h('span', { class: `pill ${outcome[0]}`, text: outcome[1] })),
      h('p', { class: 'kind', text: `connection #${index + 1}` }),
      this.#kv([
        ['Address', h('span', { class: 'mono', text: str(c.address) })],
        ['Transport', c.transport === 'tls' ? 'TLS' : str(c.transport)],
        ['Verification', verification],
        ['Server name', c.serverName ? h('span', { class: 'mono', text: str(c.serverName) }) : '—'],
        ['Trust', list(c.trust).length ? h('ul', {}, list(c.trust).map((x) => h('li', { class: 'mono', text: x }))) : '—'],
        ['Client cert', c.clientCertificate ? 'presented' : 'none'],
        ['Negotiated', n ? `TLS ${str(n.version)} · ${str(n.cipherSuite)}${n.alpn ? ` · ALPN ${str(n.alpn)}` : ''}` : '—'],
      ]),
    ];
    if (c.error) {
      out.push(h('h4', { text: 'Errors' }));
      out.push(h('h5', { text: `Client (${str(c.client)}) logs` }), h('pre', { class: 'err', 'data-side': 'client' }, h('code', { text: str(c.error.client) })));
      if (c.error.server) {
        out.push(h('h5', { text: `Server (${str(c.server)}) logs` }), h('pre', { class: 'err', 'data-side': 'server' }, h('code', { text: str(c.error.server) })));
      }
    }
    out.push(...this.#related((x) => x === `${c.client}->${c.server}`));
    return out;
  }

  #findingDetails(f) {
    if (!f) return [];
    const subjects = list(f.subjects);
    return [
      h('h3', {}, h('span', { class: `mono sev-${str(f.severity)}`, text: str(f.code) }), ' ', rich(f.title)),
      h('p', { class: 'kind', text: `finding · ${str(f.severity)}` }),
      h('p', { class: 'message' }, rich(f.message)),
      str(f.hint) ? this.#hint(str(f.hint), str(f.code)) : '',
      subjects.length ? h('h4', { text: 'Concerns' }) : '',
      subjects.length ? h('div', { class: 'fmeta' }, subjects.map((x) => this.#subject(x))) : '',
    ].filter(Boolean);
  }
}

if (!customElements.get('argocd-tls-report')) {
  customElements.define('argocd-tls-report', ArgocdTlsReport);
}
