// The diagram of <argocd-tls-report> as SVG: a node per component, an edge per connection (the
// geometry is layout.js's), and the legend. Selecting is the element's: nodes and edges call
// `select(kind, key)` when clicked or activated with Enter or Space.

import { h, s, str, list, activation } from './dom.js';
import { NODE_W, NODE_H, layout, routes, curve } from './layout.js';
import { edgeStyle, describeConnection, componentState } from './view.js';

/** `argocd-repo-server` → `repo-server`: the diagram has little room. */
function shortName(name) {
  const n = str(name);
  const short = n.startsWith('argocd-') ? n.slice(7) : n;
  return short.length > 27 ? `${short.slice(0, 26)}…` : short;
}

/**
 * The diagram of report `r` (normalised). Options: `stacked` (one column), `hideAbsent`,
 * `select(kind, key)`. Returns the `<svg>` and its nodes (name → `<g>`) and edges (connection
 * index → `<g>`), for the element to mark the selection on.
 */
export function diagram(r, { stacked, hideAbsent, select }) {
  const placed = layout(r, { stacked, hideAbsent });
  const { pos, width, height } = placed;
  const svg = s('svg', {
    class: 'diagram',
    part: 'diagram',
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': `Components and connections: ${pos.size} components, ${list(r.connections).length} connections`,
    'data-layout': stacked ? 'stacked' : 'columns',
  });
  const nodeEls = new Map();
  const edgeEls = [];
  const nodes = s('g', { class: 'nodes' });
  for (const { x, y, c } of pos.values()) {
    const g = node(c, x, y);
    activation(g, () => select('component', c.name));
    nodeEls.set(c.name, g);
    nodes.append(g);
  }
  const edgeGroup = s('g', { class: 'edges' });
  for (const route of routes(r, placed)) {
    const g = edge(route);
    activation(g, () => select('connection', route.index));
    edgeEls[route.index] = g;
    edgeGroup.append(g);
  }
  svg.append(nodes, edgeGroup);
  return { svg, nodeEls, edgeEls };
}

function node(c, x, y) {
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
  g.append(
    s('title', { text: label }),
    s('rect', { class: 'ring', x: -3, y: -3, width: NODE_W + 6, height: NODE_H + 6, rx: 9 }),
    s('rect', { class: 'box', x: 0, y: 0, width: NODE_W, height: NODE_H, rx: 7 }),
    s('circle', { class: 'glyph-bg', cx: 16, cy: NODE_H / 2, r: 8 }),
    s('text', { class: 'glyph', x: 16, y: NODE_H / 2 + 4, 'text-anchor': 'middle', 'aria-hidden': 'true', text: glyph }),
    s('text', { class: 'name', x: 30, y: 20, text: shortName(c.name) }),
    s('text', { class: 'status', x: 30, y: 38, text: status }),
  );
  return g;
}

function edge(route) {
  const { c, index } = route;
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
  const { d, head, badge } = curve(route);
  g.append(
    s('title', { text: label }),
    s('path', { class: 'halo', d }),
    s('path', { class: 'hit', d }),
    s('path', { class: 'line', d }),
    s('path', { class: 'head', d: head }),
  );
  if (outcome !== 'ok') {
    const [bx, by] = badge;
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
  return g;
}

/** The legend under the diagram: a sample of every edge and node style. */
export function legend() {
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
