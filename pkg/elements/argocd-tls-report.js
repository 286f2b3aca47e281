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
// @csspart ways-in - the ways in to argocd-server (the report's `waysIn`), when it has any
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
//
// The element is this module; the rest is split by what it draws: styles.js (the stylesheet),
// layout.js (the diagram's geometry) and diagram.js (its SVG), findings.js (the findings list),
// details.js (the details panel), view.js (reading the report), dom.js (element builders).

import './argocd-tls-certificates.js';
import { sheet } from './styles.js';
import { h, str, list } from './dom.js';
import { STACK_BELOW } from './layout.js';
import { diagram, legend } from './diagram.js';
import { findingsSection } from './findings.js';
import { placeholder, componentDetails, connectionDetails, findingDetails } from './details.js';
import { normalise, connectionSubject, connectionIndex } from './view.js';
import { waysInSection } from './waysin.js';

/** The report `schemaVersion` this element reads; another is rendered with a notice. */
const SCHEMA_VERSION = 2;

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
  #els = {}; // rendered parts: wrap, details
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
      const index = connectionIndex(r, what.client, what.server);
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

  /** What the modules that draw need from the element. */
  #ctx() {
    return {
      view: this.#view,
      root: this.#root,
      docsBase: this.getAttribute('docs-base'),
      select: (kind, key) => this.#setSelection(kind, key, true),
    };
  }

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
      r.schemaVersion !== undefined && r.schemaVersion !== SCHEMA_VERSION
        ? h('div', { class: 'banner', role: 'note' }, h('strong', { text: `schemaVersion ${str(r.schemaVersion)}: ` }), `this element reads version ${SCHEMA_VERSION}; fields it does not know are not shown.`)
        : null;
    const ctx = this.#ctx();
    const details = h('aside', { class: 'details panel', part: 'details', role: 'region', 'aria-label': 'Details', tabindex: '-1' });
    this.#els.details = details;
    const drawn = diagram(r, { stacked: this.#stacked, hideAbsent: this.hasAttribute('hide-absent'), select: ctx.select });
    this.#nodeEls = drawn.nodeEls;
    this.#edgeEls = drawn.edgeEls;
    const figure = h('figure', { class: 'panel' }, drawn.svg, legend());
    const findings = findingsSection(r, ctx);
    this.#findingEls = findings.findingEls;
    const ways = waysInSection(r);
    wrap.replaceChildren(this.#summary(r), notice ?? '', h('div', { class: 'main' }, figure, ways ?? '', details, findings.section));
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
        const ends = connectionSubject(subj);
        if (ends) {
          const i = connectionIndex(r, ends[0], ends[1]);
          if (i >= 0) related.edges.add(i);
        } else related.nodes.add(str(subj));
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
      details.replaceChildren(placeholder());
      return;
    }
    const ctx = this.#ctx();
    if (sel.kind === 'component') details.replaceChildren(...componentDetails(list(r.components).find((c) => c.name === sel.key), ctx));
    else if (sel.kind === 'connection') details.replaceChildren(...connectionDetails(list(r.connections)[sel.key], sel.key, ctx));
    else details.replaceChildren(...findingDetails(list(r.findings)[sel.key], ctx));
  }
}

if (!customElements.get('argocd-tls-report')) {
  customElements.define('argocd-tls-report', ArgocdTlsReport);
}
