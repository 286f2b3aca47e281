// The diagram's geometry, in viewBox units: where each component goes (clients left, servers
// right, or one column when the element is narrow), which side and port of a node each
// connection attaches to, how deep the arcs between nodes of one column nest, and the curve of
// each connection. Pure functions of the report; no DOM here.

import { str, list } from './dom.js';

export const NODE_W = 236;
export const NODE_H = 50;
const ROW = 68;
const PAD = 6;
const GAP = 250; // horizontal room for edges between the columns
const LOOP = 22; // horizontal extent of the innermost edge between two nodes of one column
const LEVEL = 13; // extra extent per nesting level of such edges
const HEAD = 8; // length of an arrow head
/** Container width (px) under which the diagram is one column. */
export const STACK_BELOW = 640;

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

/**
 * Node positions: `pos` maps a component name to `{ x, y, col, c }` (`col`: left, right or
 * stack); `levels` maps a connection index to the nesting level of its arc when both ends are in
 * one column; `width` and `height` are the viewBox's.
 */
export function layout(r, { stacked, hideAbsent }) {
  const comps = list(r.components).filter((c) => typeof c.name === 'string' && c.name && (!hideAbsent || c.present));
  const conns = list(r.connections);
  const serverNames = new Set(conns.map((c) => c.server));
  const rank = (n) => {
    const i = ORDER.indexOf(n);
    return i < 0 ? ORDER.length : i;
  };
  const sorted = [...comps].sort((a, b) => rank(a.name) - rank(b.name) || str(a.name).localeCompare(str(b.name)));
  const isRight = (c) => SERVERS.has(c.name) || (!ORDER.includes(c.name) && serverNames.has(c.name));
  const pos = new Map();
  if (stacked) {
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
  const rows = stacked
    ? Math.max(pos.size, 1)
    : Math.max([...pos.values()].filter((p) => p.col === 'left').length, [...pos.values()].filter((p) => p.col === 'right').length, 1);
  const width = stacked ? PAD + NODE_W + depth.stack + PAD : xr + NODE_W + PAD + depth.right;
  const height = PAD * 2 + (rows - 1) * ROW + NODE_H;
  return { pos, width, height, levels };
}

/**
 * The connections drawn between positioned nodes, in report order: each with the sides it leaves
 * and enters (`sa`, `sb`: l or r) and its own attachment point on each (`p`, `q`: `{ x, y, i, n }`,
 * ports on a side ordered by the other end's height).
 */
export function routes(r, { pos, levels }) {
  const sides = new Map(); // `${name}:${side}` → [{ index, otherY }]
  const edges = [];
  list(r.connections).forEach((c, index) => {
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
      sides.get(key).push({ index, otherY: other.y });
    }
  });
  for (const arr of sides.values()) arr.sort((p, q) => p.otherY - q.otherY || p.index - q.index);
  const port = (node, side, index) => {
    const arr = sides.get(`${node.c.name}:${side}`) ?? [];
    const i = arr.findIndex((p) => p.index === index);
    const y = node.y + (NODE_H * (i + 1)) / (arr.length + 1);
    const x = side === 'r' ? node.x + NODE_W : node.x;
    return { x, y, i, n: arr.length };
  };
  return edges.map((e) => ({ ...e, p: port(e.a, e.sa, e.index), q: port(e.b, e.sb, e.index) }));
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
 * The curve of a route: `d` (the line, ending at the base of the arrow head), `head` (the arrow
 * head, touching the node) and `badge` (where a ✕ or ? badge sits, staggered between
 * neighbouring ports so badges do not overlap).
 */
export function curve({ sa, sb, level, p, q }) {
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
  const t = sa === sb ? 0.5 : q.i % 2 === 0 ? 0.8 : 0.62;
  return { d, head, badge: bezier(pts, t) };
}
