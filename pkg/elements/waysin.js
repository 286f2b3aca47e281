// The way in of <argocd-tls-report>: for each entry of the report's `waysIn` (schemaVersion 2,
// optional), a strip drawn as SVG — the clients, the edge (Ingress, Gateway + route, Route,
// Service), argocd-server — with both hops styled like the diagram's connections, then what each
// client gets, its error text and the fix. Everything shown is the report's; nothing is derived
// here but the styles.

import { h, s, str, list } from './dom.js';

const W = 760;
const H = 64;
const BOX_H = 44;
/** Left edge and width of the three boxes; the hops run between them. */
const X = { clients: [2, 160], edge: [262, 236], server: [600, 156] };

/** The class a hop is drawn with (the diagram's edge classes). */
function hopStyle(hop, failing) {
  if (!hop) return 'edge unknown';
  const style = hop.transport === 'plaintext' ? 'plaintext' : hop.verification === 'verify' ? 'verified' : 'unverified';
  return `edge ${style}${failing ? ' fails' : ''}`;
}

function box([x, w], title, sub, cls) {
  // About 7.5 units per character of the name, 6.5 of the status line.
  const fit = (t, per) => {
    const n = Math.floor((w - 16) / per);
    return t.length > n ? `${t.slice(0, n - 1)}…` : t;
  };
  return s(
    'g',
    { class: `node ${cls}`, transform: `translate(${x} ${(H - BOX_H) / 2})` },
    s('title', { text: `${title}: ${sub}` }),
    s('rect', { class: 'box', x: 0, y: 0, width: w, height: BOX_H, rx: 7 }),
    s('text', { class: 'name', x: 10, y: 18, text: fit(title, 7.8) }),
    s('text', { class: 'status', x: 10, y: 35, text: fit(sub, 6.6) }),
  );
}

function arrow(x1, x2, cls, label) {
  const y = H / 2;
  return s(
    'g',
    { class: cls },
    s('title', { text: label }),
    s('path', { class: 'line', d: `M${x1} ${y} L${x2 - 8} ${y}` }),
    s('path', { class: 'head', d: `M${x2} ${y} l-8 -4.5 v9 z` }),
    s('text', { class: 'status', x: (x1 + x2) / 2, y: y - 8, 'text-anchor': 'middle', text: label }),
  );
}

function strip(w) {
  const clients = list(w.clients);
  const failing = clients.filter((c) => c.outcome === 'fails').length;
  const client = w.clientHop ?? {};
  const backend = w.backendHop;
  const backendFails = Boolean(backend?.error);
  const svg = s('svg', {
    class: 'way',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `${str(w.name)}: ${failing} of ${clients.length} clients fail`,
  });
  svg.append(
    box(X.clients, 'clients', `${clients.length - failing}/${clients.length} get through`, failing ? 'failed' : ''),
    arrow(X.clients[0] + X.clients[1], X.edge[0], hopStyle(client, Boolean(client.error)), str(client.protocol)),
    box(X.edge, str(w.name), `${str(w.controller)} · ${str(w.host) || 'no host'}`, ''),
    arrow(X.edge[0] + X.edge[1], X.server[0], hopStyle(backend, backendFails), backend ? str(backend.protocol) : '?'),
    box(X.server, 'argocd-server', backend?.certificate ? `cert ${str(backend.certificate)}` : 'port 8080', ''),
  );
  return svg;
}

function clientRow(c) {
  const outcome = c.outcome === 'ok' ? ['ok', 'works'] : c.outcome === 'fails' ? ['bad', str(c.result)] : ['muted', 'unknown'];
  const statuses = list(c.statuses);
  const li = h(
    'li',
    { 'data-client': str(c.client), 'data-result': str(c.result) },
    h('span', { class: 'mono', text: str(c.client) }),
    ' ',
    h('span', { class: `pill ${outcome[0]}`, text: outcome[1] }),
    statuses.length ? h('span', { class: 'muted', text: ` HTTP ${statuses.length > 3 ? `${statuses[0]} ×${statuses.length}` : statuses.join(' → ')}` }) : '',
  );
  if (c.error) li.append(h('pre', { class: 'err' }, h('code', { text: str(c.error) })));
  if (c.fix && c.outcome !== 'ok') li.append(h('p', { class: 'fix', text: `fix: ${str(c.fix)}` }));
  return li;
}

/** The ways-in section of report `r`, or null when it has none. */
export function waysInSection(r) {
  const ways = list(r.waysIn).filter((w) => w && typeof w === 'object');
  if (!ways.length) return null;
  const section = h('section', { class: 'ways panel', part: 'ways-in', 'aria-label': 'Ways in' }, h('h3', { text: 'Ways in to argocd-server' }));
  for (const w of ways) {
    const basis = w.basis === 'observed' ? 'observed with real nginx' : w.basis === 'documented' ? "from the controller's documentation" : 'not predicted';
    const item = h(
      'article',
      { class: 'way-in', 'data-name': str(w.name), 'data-basis': str(w.basis) },
      strip(w),
      h('p', { class: 'kind', text: `${str(w.kind)} · ${basis}${w.clientHop?.certificate ? ` · client sees ${str(w.clientHop.certificate)}` : ''}` }),
      h('ul', { class: 'clients' }, list(w.clients).filter((c) => c && typeof c === 'object').map(clientRow)),
    );
    for (const n of list(w.notes)) item.append(h('p', { class: 'note muted', text: `note: ${str(n)}` }));
    section.append(item);
  }
  return section;
}
