// <argocd-tls-plan>: renders a plan (the `Plan` that `plan()` returns): whether it is safe, the
// steps with their commands, live checks and why each is where it is, a stepper through every
// state and mixed state on the diagram of <argocd-tls-report> (a pair that fails is drawn red in
// the state where it fails), and what the naive order breaks, with the errors.
//
// Data comes in through the `plan` property only. Every value from the plan is written with
// textContent or as an attribute value; nothing is parsed as markup. Styles are constructable
// stylesheets (works under a CSP without 'unsafe-inline'). No storage, no location, no network;
// `navigator.clipboard` is used only when a Copy button is clicked. The element decides nothing
// about TLS: outcomes, errors and safety are the plan's.
//
// @element argocd-tls-plan
// @fires argocd-tls-plan-state - the state shown changed (stepper, a step's "Show states", a
//   naive failure); detail: { order: "plan" | "naive", index, step, state }
// @csspart summary - the header line with the version, namespace and whether the plan is safe
// @csspart step - one step (also `step-apply`, `step-restart`)
// @csspart commands - a step's commands (a <pre>)
// @csspart stepper - the state stepper (order switch, previous/next, the state list)
// @csspart diagram - the SVG of the state shown
// @csspart edge - a pair in the diagram (also `edge-fails`)
// @csspart naive - what the naive order breaks
// @cssprop --argocd-tls-* - the colours and fonts of <argocd-tls-report>

import { sheet } from './styles.js';
import { h, str, list, rich } from './dom.js';
import { STACK_BELOW } from './layout.js';
import { diagram, legend } from './diagram.js';
import { stateSequence, stateView, nodeStatus, describePair, failures, naiveFailures, objectTitle, revisionName } from './plan-view.js';

/** The plan `schemaVersion` this element reads; another is rendered with a notice. */
const SCHEMA_VERSION = 2;

const planSheet = new CSSStyleSheet();
planSheet.replaceSync(`
.plan-summary { margin: 0 0 10px; overflow-wrap: anywhere; }
.verdict { font-weight: 650; }
.verdict.safe { color: var(--_ok); }
.verdict.unsafe { color: var(--_bad); }
.cols { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; align-items: start;
        grid-template-areas: "stepper" "steps" "naive"; }
.cols > .steps { grid-area: steps; }
.cols > .stepper { grid-area: stepper; }
.cols > .naive { grid-area: naive; }
@container report (min-width: 1000px) {
  .cols { grid-template-columns: minmax(0, 1fr) minmax(0, 1.25fr); grid-template-areas: "steps stepper" "naive stepper"; }
  .cols > .stepper { position: sticky; top: 8px; }
}
section > h3 { font-size: 14px; margin: 0 0 6px; }
.steps, .naive, .stepper { padding: 10px 12px; }
ol.step-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.step { border: 1px solid var(--_border); border-left-width: 4px; border-radius: 6px; padding: 6px 10px; background: var(--_bg); }
.step.current { box-shadow: 0 0 0 2px var(--_focus); }
.step.unsafe { border-left-color: var(--_bad); }
.step.safe { border-left-color: var(--_ok); }
.step h4 { display: flex; gap: 6px; align-items: baseline; margin: 0 0 4px; font-size: 13px; flex-wrap: wrap; }
.step h4 .n { font-variant-numeric: tabular-nums; }
.step .why { margin: 2px 0 6px; color: var(--_muted); overflow-wrap: anywhere; }
.step .why code, .naive code { background: color-mix(in srgb, var(--_fg) 7%, transparent); border-radius: 3px; padding: 0 3px; }
.step h5 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_muted); margin: 8px 0 3px; font-weight: 600; }
pre.cmd { margin: 0; padding: 6px 8px; white-space: pre-wrap; overflow-wrap: anywhere; border-radius: 6px;
          background: var(--_panel); border: 1px solid var(--_border); }
.cmd-head { display: flex; justify-content: space-between; align-items: baseline; }
ul.checks { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
ul.checks li { border-left: 2px solid var(--_info); padding-left: 8px; }
ul.checks .expect { color: var(--_muted); overflow-wrap: anywhere; }
details.objects > summary { cursor: pointer; }
details.objects pre { max-height: 320px; overflow: auto; }
.row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 0 0 8px; }
.seg { display: inline-flex; border: 1px solid var(--_border); border-radius: 6px; overflow: hidden; }
.seg button { border: 0; border-radius: 0; background: var(--_panel); padding: 2px 10px; cursor: pointer; }
.seg button[aria-pressed="true"] { background: var(--_focus); color: var(--_panel); font-weight: 650; }
.nav { border: 1px solid var(--_border); background: var(--_panel); border-radius: 6px; padding: 2px 10px; cursor: pointer; }
.nav:disabled { opacity: 0.5; cursor: default; }
.pos { font-variant-numeric: tabular-nums; color: var(--_muted); }
.state-label { margin: 0 0 6px; font-weight: 600; overflow-wrap: anywhere; }
ol.states { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
ol.states button { border: 1px solid var(--_border); background: var(--_panel); border-radius: 4px; padding: 0 6px;
                   cursor: pointer; font-size: 12px; font-variant-numeric: tabular-nums; }
ol.states button.bad { border-color: var(--_bad); color: var(--_bad); }
ol.states button[aria-current="true"] { box-shadow: 0 0 0 2px var(--_focus); font-weight: 700; }
.pair-details { margin-top: 8px; padding: 8px 10px; min-height: 40px; }
.pair-details h4 { margin: 0 0 4px; font-size: 13px; overflow-wrap: anywhere; }
ul.fails { list-style: none; margin: 6px 0 0; padding: 0; display: grid; gap: 6px; }
ul.fails li { border: 1px solid var(--_border); border-left: 4px solid var(--_bad); border-radius: 6px; padding: 4px 8px; background: var(--_bg); }
ul.fails .pair { font-weight: 600; overflow-wrap: anywhere; }
button.link { all: unset; cursor: pointer; color: var(--_info); text-decoration: underline; }
button.link:focus-visible { outline: 2px solid var(--_focus); }
`);

export class ArgocdTlsPlan extends HTMLElement {
  #root;
  #plan = null;
  #order = 'plan';
  #index = 0;
  #stacked = false;
  #selected = null; // { kind: 'pair' | 'component', key }
  #els = {};

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [sheet, planSheet];
    const wrap = h('div', { class: 'wrap' });
    this.#root.append(wrap);
    this.#els.wrap = wrap;
    new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0;
      const stacked = width > 0 && width < STACK_BELOW;
      if (stacked !== this.#stacked) {
        this.#stacked = stacked;
        this.#renderState();
      }
    }).observe(wrap);
    if (Object.prototype.hasOwnProperty.call(this, 'plan')) {
      const value = this.plan;
      delete this.plan;
      this.plan = value;
    }
    this.#render();
  }

  /** @type {object|null} the plan to render (what `plan()` returns) */
  get plan() {
    return this.#plan;
  }
  set plan(value) {
    this.#plan = value && typeof value === 'object' ? value : null;
    this.#order = 'plan';
    this.#index = 0;
    this.#selected = null;
    this.#render();
  }

  /** @type {'plan'|'naive'} the order whose states the stepper shows */
  get order() {
    return this.#order;
  }

  /** @type {number} the 0-based index of the state shown, in `order` */
  get stateIndex() {
    return this.#index;
  }

  /** The number of states of an order (`plan` or `naive`). */
  stateCount(order = this.#order) {
    return stateSequence(this.#plan, order).length;
  }

  /** Shows state `index` of `order` (`plan` or `naive`) on the diagram; fires `argocd-tls-plan-state`. */
  showState(order, index) {
    this.#show(order, index, true);
  }

  #show(order, index, fire) {
    const seq = stateSequence(this.#plan, order);
    if (!seq.length) return;
    this.#order = order === 'naive' ? 'naive' : 'plan';
    this.#index = Math.max(0, Math.min(seq.length - 1, Number(index) || 0));
    this.#selected = null;
    this.#renderState();
    if (fire) {
      const item = seq[this.#index];
      this.dispatchEvent(
        new CustomEvent('argocd-tls-plan-state', {
          detail: { order: this.#order, index: this.#index, step: item.step, state: item.state },
          bubbles: true,
          composed: true,
        }),
      );
    }
  }

  // ---------------------------------------------------------------------------- rendering

  #render() {
    const wrap = this.#els.wrap;
    if (!wrap) return;
    const p = this.#plan;
    if (!p) {
      wrap.replaceChildren(h('p', { class: 'empty', text: 'No plan.' }));
      return;
    }
    if (!Array.isArray(p.steps) || !p.naive || typeof p.naive !== 'object') {
      wrap.replaceChildren(
        h('div', { class: 'banner', role: 'alert' }, h('strong', { text: 'Not a plan: ' }), 'expected an object with `steps` and `naive`.'),
      );
      return;
    }
    const notice =
      p.schemaVersion !== SCHEMA_VERSION
        ? h('div', { class: 'banner', role: 'note' }, h('strong', { text: `schemaVersion ${str(p.schemaVersion)}: ` }), `this element reads version ${SCHEMA_VERSION}; fields it does not know are not shown.`)
        : null;
    const stepper = h('section', { class: 'stepper panel', part: 'stepper', 'aria-labelledby': 'states-heading' });
    this.#els.stepper = stepper;
    wrap.replaceChildren(
      this.#summary(p),
      h('p', { class: 'plan-summary' }, ...rich(p.summary)),
      notice ?? '',
      h('div', { class: 'cols' }, this.#steps(p), stepper, this.#naive(p)),
    );
    this.#renderState();
  }

  #summary(p) {
    const steps = list(p.steps).length;
    const chip = (cls, n, label) => h('span', { class: `chip ${cls}` }, h('span', { class: 'n', text: n }), ` ${label}`);
    const naiveBroken = naiveFailures(p).filter((f) => f.worksToday).length;
    return h(
      'header',
      { class: 'summary', part: 'summary' },
      h('h2', { text: 'Plan' }),
      h('span', { class: `verdict ${p.safe ? 'safe' : 'unsafe'}`, 'data-safe': String(Boolean(p.safe)), text: p.safe ? 'safe' : 'not safe' }),
      h('span', { class: 'meta', text: `Argo CD ${str(p.argocdVersion) || '?'} · namespace ${str(p.namespace) || '?'} · at ${str(p.now) || '?'}` }),
      h(
        'span',
        { class: 'chips' },
        chip('components', steps, steps === 1 ? 'step' : 'steps'),
        chip('connections', this.stateCount('plan'), 'states'),
        chip(naiveBroken ? 'error' : 'connections', naiveBroken, `connection${naiveBroken === 1 ? '' : 's'} the naive order breaks`),
      ),
    );
  }

  #steps(p) {
    const items = list(p.steps).map((step) => {
      const states = list(step.states);
      const safe = states.every((s) => s?.safe);
      const kind = step.kind === 'restart' ? 'restart' : 'apply';
      const li = h('li', {
        class: `step ${safe ? 'safe' : 'unsafe'}`,
        part: `step step-${kind}`,
        'data-step': str(step.number),
      });
      const showStates = h('button', {
        type: 'button',
        class: 'link',
        text: `Show its ${states.length === 1 ? 'state' : `${states.length} states`}`,
        onclick: () => {
          const i = stateSequence(p, 'plan').findIndex((x) => x.step === step.number);
          if (i >= 0) this.#show('plan', i, true);
          this.#els.stepper?.scrollIntoView?.({ block: 'nearest' });
        },
      });
      li.append(
        h(
          'h4',
          {},
          h('span', { class: 'n', text: `${str(step.number)}.` }),
          h('span', { text: str(step.title) }),
          h('span', { class: `pill ${kind === 'restart' ? 'warn' : 'muted'}`, text: kind }),
          safe ? '' : h('span', { class: 'pill bad', text: 'breaks a connection' }),
        ),
        h('p', { class: 'why' }, ...rich(step.why)),
      );
      const restarts = list(step.restarts);
      if (restarts.length) li.append(h('p', { class: 'why', text: `Restarts: ${restarts.map(str).join(', ')}` }));
      const commands = list(step.commands).map(str);
      if (commands.length) {
        li.append(
          h('div', { class: 'cmd-head' }, h('h5', { text: 'Commands' }), this.#copyButton(commands.join('\n'), `Copy the commands of step ${str(step.number)}`)),
          h('pre', { class: 'cmd', part: 'commands' }, h('code', { text: commands.join('\n') })),
        );
      }
      const checks = list(step.checks);
      if (checks.length) {
        li.append(
          h('h5', { text: 'Live checks' }),
          h('ul', { class: 'checks' }, ...checks.map((c) => h('li', {}, h('code', { text: str(c?.command) }), h('div', { class: 'expect' }, ...rich(c?.expect))))),
        );
      }
      const objects = list(step.objects);
      if (objects.length) {
        li.append(
          h(
            'details',
            { class: 'objects' },
            h('summary', { text: `${objects.length} object${objects.length === 1 ? '' : 's'}: ${objects.map(objectTitle).join(', ')}` }),
            h('pre', { class: 'cmd' }, h('code', { text: objects.map((o) => JSON.stringify(o?.object ?? null, null, 2)).join('\n---\n') })),
          ),
        );
      }
      li.append(showStates);
      return li;
    });
    this.#els.stepItems = items;
    return h(
      'section',
      { class: 'steps panel', 'aria-labelledby': 'steps-heading' },
      h('h3', { id: 'steps-heading', text: 'Steps' }),
      items.length ? h('ol', { class: 'step-list' }, ...items) : h('p', { class: 'none', text: 'Nothing to do: today\'s installation already has this posture.' }),
    );
  }

  #naive(p) {
    const fails = naiveFailures(p);
    const body = fails.length
      ? h(
          'ul',
          { class: 'fails' },
          ...fails.map((f) =>
            h(
              'li',
              {},
              h('div', { class: 'pair', text: describePair(f) }),
              f.error?.client ? h('pre', { class: 'err', text: str(f.error.client) }) : '',
              f.error?.server ? h('pre', { class: 'err', text: `server: ${str(f.error.server)}` }) : '',
              h('button', {
                type: 'button',
                class: 'link',
                text: `Show the state${f.states.length === 1 ? '' : 's'} where it fails (${f.states.map((i) => i + 1).join(', ')})`,
                onclick: () => this.#show('naive', f.states[0], true),
              }),
            ),
          ),
        )
      : h('p', { class: 'none', text: 'The naive order breaks nothing here.' });
    return h(
      'section',
      { class: 'naive panel', part: 'naive', 'aria-labelledby': 'naive-heading' },
      h('h3', { id: 'naive-heading', text: 'What the naive order breaks' }),
      h('p', { class: 'why' }, ...rich(p.naive.description)),
      h('p', { class: `verdict ${p.naive.safe ? 'safe' : 'unsafe'}`, text: p.naive.safe ? 'The naive order is safe too.' : 'The naive order is not safe.' }),
      body,
    );
  }

  #copyButton(text, label) {
    const button = h('button', { class: 'copy', type: 'button', 'aria-label': label, text: 'Copy' });
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = 'Copied';
      } catch {
        button.textContent = 'Copy failed';
      }
      setTimeout(() => {
        button.textContent = 'Copy';
      }, 1500);
    });
    return button;
  }

  /** The stepper: order switch, previous/next, the state's diagram, its failures, the state list. */
  #renderState() {
    const box = this.#els.stepper;
    const p = this.#plan;
    if (!box || !p) return;
    const seq = stateSequence(p, this.#order);
    const item = seq[this.#index];
    const orderButton = (order, text) =>
      h('button', { type: 'button', 'aria-pressed': String(this.#order === order), 'data-order': order, text, onclick: () => this.#show(order, 0, true) });
    const prev = h('button', { type: 'button', class: 'nav', 'data-nav': 'prev', text: '← Previous', disabled: this.#index <= 0, onclick: () => this.#show(this.#order, this.#index - 1, true) });
    const next = h('button', { type: 'button', class: 'nav', 'data-nav': 'next', text: 'Next →', disabled: this.#index >= seq.length - 1, onclick: () => this.#show(this.#order, this.#index + 1, true) });
    const position = h('output', { class: 'pos', 'aria-live': 'polite', text: seq.length ? `state ${this.#index + 1} of ${seq.length}` : 'no states' });
    const controls = h('div', { class: 'row' }, h('span', { class: 'seg', role: 'group', 'aria-label': 'Order' }, orderButton('plan', 'Plan order'), orderButton('naive', 'Naive order')), prev, position, next);
    const heading = h('h3', { id: 'states-heading', text: 'States' });
    if (!item) {
      box.replaceChildren(heading, controls, h('p', { class: 'none', text: 'This order has no states.' }));
      return;
    }
    const state = item.state ?? {};
    const { failing, regressions } = failures(state);
    const label = h(
      'p',
      { class: 'state-label', 'data-safe': String(Boolean(state.safe)) },
      h('span', { text: item.label }),
      h('span', { class: `pill ${state.safe ? 'ok' : 'bad'}`, text: state.safe ? 'safe' : 'breaks a connection' }),
    );
    const view = stateView(p, state);
    const drawn = diagram(view, {
      stacked: this.#stacked,
      hideAbsent: true,
      select: (kind, key) => this.#select(kind === 'connection' ? 'pair' : 'component', key, view),
      nodeStatus,
      describe: describePair,
    });
    drawn.svg.setAttribute('data-order', this.#order);
    drawn.svg.setAttribute('data-state', String(this.#index));
    drawn.edgeEls.forEach((g, i) => {
      if (!g) return;
      const c = view.connections[i];
      g.setAttribute('data-client-revision', str(c.clientRevision));
      g.setAttribute('data-server-revision', str(c.serverRevision));
      g.setAttribute('data-works-today', String(Boolean(c.worksToday)));
    });
    this.#els.drawn = drawn;
    const details = h('div', { class: 'pair-details panel', role: 'region', 'aria-label': 'Selected pair' });
    this.#els.details = details;
    const failList = failing.length
      ? h(
          'ul',
          { class: 'fails', 'aria-label': 'Connections that fail in this state' },
          ...failing.map((f) => h('li', {}, h('div', { class: 'pair', text: describePair(f) }), f.error?.client ? h('pre', { class: 'err', text: str(f.error.client) }) : '')),
        )
      : h('p', { class: 'none', text: 'Every connection works in this state.' });
    const pods = list(state.pods).filter((g) => g && !g.starts);
    const podList = pods.length
      ? h('ul', { class: 'fails', 'aria-label': 'Pods that do not start' }, ...pods.map((g) => h('li', {}, h('div', { class: 'pair', text: `${str(g.component)} (${revisionName(g.revision)}) exits at startup` }), g.startupError ? h('pre', { class: 'err', text: str(g.startupError) }) : '')))
      : '';
    const stateList = h(
      'ol',
      { class: 'states', 'aria-label': 'Every state of this order' },
      ...seq.map((x, i) =>
        h(
          'li',
          {},
          h('button', {
            type: 'button',
            class: x.state?.safe ? '' : 'bad',
            'aria-current': i === this.#index ? 'true' : null,
            'aria-label': `${x.label}${x.state?.safe ? '' : ' — breaks a connection'}`,
            title: x.label,
            text: `${x.step !== null ? `${x.step}${x.state?.when === 'during' ? '~' : ''}` : i + 1}${x.state?.safe ? '' : ' ✕'}`,
            onclick: () => this.#show(this.#order, i, true),
          }),
        ),
      ),
    );
    box.replaceChildren(
      heading,
      controls,
      label,
      h('figure', { class: 'panel' }, drawn.svg, legend()),
      details,
      h('p', { class: 'why', text: regressions.length ? `${regressions.length} connection${regressions.length === 1 ? '' : 's'} that work today fail here.` : failing.length ? 'What fails here fails today too.' : '' }),
      failList,
      podList,
      stateList,
    );
    this.#select(null, null, view);
    for (const [i, li] of list(this.#els.stepItems).entries()) {
      const on = this.#order === 'plan' && list(p.steps)[i]?.number === item.step;
      li.classList.toggle('current', on);
      if (on) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    }
  }

  #select(kind, key, view) {
    this.#selected = kind ? { kind, key } : null;
    const drawn = this.#els.drawn;
    const details = this.#els.details;
    if (!drawn || !details) return;
    drawn.edgeEls.forEach((g, i) => g?.classList.toggle('selected', kind === 'pair' && key === i));
    for (const [name, g] of drawn.nodeEls) g.classList.toggle('selected', kind === 'component' && key === name);
    if (kind === 'pair') {
      const c = view.connections[key];
      details.replaceChildren(
        h('h4', { text: describePair(c) }),
        c.error?.client ? h('pre', { class: 'err', text: `client: ${str(c.error.client)}` }) : '',
        c.error?.server ? h('pre', { class: 'err', text: `server: ${str(c.error.server)}` }) : '',
        h('p', { class: 'why', text: c.worksToday ? 'This connection works today.' : 'This connection does not work today.' }),
      );
    } else if (kind === 'component') {
      const c = view.components.find((x) => x.name === key);
      details.replaceChildren(
        h('h4', { text: str(key) }),
        h('p', { class: 'why', text: nodeStatus(c ?? {}) }),
        ...list(c?.groups)
          .filter((g) => g.startupError)
          .map((g) => h('pre', { class: 'err', text: `${revisionName(g.revision)}: ${str(g.startupError)}` })),
      );
    } else {
      details.replaceChildren(h('p', { class: 'placeholder', text: 'Select a component or a connection in the diagram for its details.' }));
    }
  }
}

if (!customElements.get('argocd-tls-plan')) {
  customElements.define('argocd-tls-plan', ArgocdTlsPlan);
}
