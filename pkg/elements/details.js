// The details panel of <argocd-tls-report>: what it shows for a selected component (state,
// endpoints with their TLS, grade, certificate chain and the source of every setting; its
// connections and findings), connection (address, transport, verification, trust, what was
// negotiated, both sides' errors) or finding (message, fix, subjects).
//
// `ctx` is the element's: `{ view, root, docsBase, select(kind, key) }` (see findings.js).

import './argocd-tls-certificates.js';
import { h, str, list, rich } from './dom.js';
import { edgeStyle, describeConnection, componentState, severityMark } from './view.js';
import { hint, subject } from './findings.js';

/** What the panel says when nothing is selected. */
export const placeholder = () =>
  h('p', { class: 'placeholder', text: 'Select a component or a connection in the diagram (click, or Tab then Enter) to see its TLS settings, certificate and errors.' });

/**
 * Where an endpoint's settings come from, as `[setting, value, source]` rows (`source` may be
 * empty). Report schemaVersion 2 gives each as data, `{ value, kind, name, object, env }`; this
 * only words it. This is the only place that reads `sources`.
 */
export function settingSources(endpoint) {
  const sources = endpoint.sources instanceof Map ? [...endpoint.sources] : Object.entries(endpoint.sources ?? {});
  return sources.map(([setting, v]) => {
    if (!v || typeof v !== 'object') return [setting, str(v), ''];
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
    return [setting, v.value === '' ? '""' : str(v.value), from];
  });
}

function kv(rows) {
  const dl = h('dl', { class: 'kv' });
  for (const [k, v] of rows) {
    if (v === null || v === undefined) continue;
    dl.append(h('dt', { text: k }), v instanceof Node ? h('dd', {}, v) : h('dd', { text: v }));
  }
  return dl;
}

/** Links to the findings with a subject that `predicate` accepts. */
function related(predicate, ctx) {
  const out = [];
  list(ctx.view?.findings).forEach((f, index) => {
    if (!list(f.subjects).some((x) => predicate(str(x)))) return;
    const b = h(
      'button',
      { class: 'link', type: 'button' },
      h('span', { class: `mark sev-${str(f.severity)}`, 'aria-hidden': 'true', text: severityMark(f.severity) }),
      h('span', { class: 'mono', text: str(f.code) }),
      h('span', { text: str(f.title) }),
    );
    b.setAttribute('aria-label', `finding ${str(f.code)} (${str(f.severity)}): ${str(f.title)}`);
    b.addEventListener('click', () => ctx.select('finding', index));
    out.push(h('li', {}, b));
  });
  return out.length ? [h('h4', { text: `Findings (${out.length})` }), h('ul', { class: 'links' }, out)] : [];
}

/** The panel's content for component `c`. */
export function componentDetails(c, ctx) {
  if (!c) return [];
  const state = componentState(c);
  const pill = h('span', { class: `pill ${!c.present ? 'muted' : c.starts ? 'ok' : 'bad'}`, text: state });
  const out = [h('h3', {}, str(c.name), pill), h('p', { class: 'kind', text: 'component' })];
  if (c.startupError) out.push(h('h4', { text: 'Startup error' }), h('pre', { class: 'err' }, h('code', { text: str(c.startupError) })));
  const endpoints = list(c.endpoints);
  if (endpoints.length) {
    out.push(h('h4', { text: `Endpoints (${endpoints.length})` }));
    for (const e of endpoints) out.push(endpoint(e, ctx));
  } else if (c.present) out.push(h('p', { class: 'placeholder', text: 'No endpoints.' }));
  const conns = list(ctx.view?.connections)
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
      b.addEventListener('click', () => ctx.select('connection', index));
      ul.append(h('li', {}, b));
    }
    out.push(ul);
  }
  out.push(...related((x) => x === c.name, ctx));
  return out;
}

function endpoint(e, ctx) {
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
      kv([
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
      if (ctx.view?.now) certs.now = str(ctx.view.now);
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
  const sources = settingSources(e);
  if (sources.length) {
    box.append(
      h('h4', { text: 'Settings and where they come from' }),
      kv(sources.map(([k, value, from]) => [k, h('span', {}, h('span', { class: 'mono', text: value }), from ? h('span', { class: 'src', text: ` ${from}` }) : '')])),
    );
  }
  return box;
}

/** The panel's content for connection `c` (at `index` in the report). */
export function connectionDetails(c, index, ctx) {
  if (!c) return [];
  const outcome = c.outcome === 'ok' ? ['ok', 'works'] : c.outcome === 'fails' ? ['bad', 'fails'] : ['muted', 'unknown'];
  const verification =
    c.verification === 'verify'
      ? 'verified (strict)'
      : c.verification === 'skip-verify'
        ? 'not verified (InsecureSkipVerify)'
        : 'none (plaintext)';
  const n = c.negotiated;
  const params = (p) => `TLS ${str(p.version)} · ${str(p.cipherSuite)}${p.alpn ? ` · ALPN ${str(p.alpn)}` : ''}`;
  const out = [
    h('h3', {}, `${str(c.client)} → ${str(c.server)}`, h('span', { class: `pill ${outcome[0]}`, text: outcome[1] })),
    h('p', { class: 'kind', text: `connection #${index + 1}` }),
    kv([
      ['Address', h('span', { class: 'mono', text: str(c.address) })],
      ['Transport', c.transport === 'tls' ? 'TLS' : str(c.transport)],
      ['Verification', verification],
      ['Server name', c.serverName ? h('span', { class: 'mono', text: str(c.serverName) }) : '—'],
      ['Trust', list(c.trust).length ? h('ul', {}, list(c.trust).map((x) => h('li', { class: 'mono', text: x }))) : '—'],
      ['Client cert', c.clientCertificate ? 'presented' : 'none'],
      ['Negotiated', n ? params(n) : '—'],
      // A failing handshake's parameters, as far as it got (schemaVersion 2: `serverHello`).
      ...(!n && c.serverHello ? [['Server hello', `${params(c.serverHello)} (then the handshake failed)`]] : []),
    ]),
  ];
  if (c.error) {
    out.push(h('h4', { text: 'Errors' }));
    out.push(h('h5', { text: `Client (${str(c.client)}) logs` }), h('pre', { class: 'err', 'data-side': 'client' }, h('code', { text: str(c.error.client) })));
    if (c.error.server) {
      out.push(h('h5', { text: `Server (${str(c.server)}) logs` }), h('pre', { class: 'err', 'data-side': 'server' }, h('code', { text: str(c.error.server) })));
    }
  }
  out.push(...related((x) => x === `${c.client}->${c.server}`, ctx));
  return out;
}

/** The panel's content for finding `f`. */
export function findingDetails(f, ctx) {
  if (!f) return [];
  const subjects = list(f.subjects);
  return [
    h('h3', {}, h('span', { class: `mono sev-${str(f.severity)}`, text: str(f.code) }), ' ', rich(f.title)),
    h('p', { class: 'kind', text: `finding · ${str(f.severity)}` }),
    h('p', { class: 'message' }, rich(f.message)),
    str(f.hint) ? hint(str(f.hint), str(f.code), ctx) : '',
    subjects.length ? h('h4', { text: 'Concerns' }) : '',
    subjects.length ? h('div', { class: 'fmeta' }, subjects.map((x) => subject(x, ctx))) : '',
  ].filter(Boolean);
}
