// DOM helpers shared by the element's modules. Every value is written with textContent or as an
// attribute value; nothing is parsed as markup (certificate subjects, SANs and messages can carry
// it). SVG is built with createElementNS.

const SVG = 'http://www.w3.org/2000/svg';

/** A value as text; `null` and `undefined` are the empty string. */
export const str = (v) => (v === null || v === undefined ? '' : String(v));

/** A value as an array; anything else is `[]`. */
export const list = (v) => (Array.isArray(v) ? v : []);

/** An HTML element: `props` are attributes (`class`, `part`, `text` and `on*` are special). */
export function h(tag, props = {}, ...children) {
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

/** An SVG element: `attrs` are attributes (`text` sets the text content). */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === 'text') el.textContent = str(v);
    else el.setAttribute(k, str(v));
  }
  for (const c of children.flat()) if (c) el.append(c);
  return el;
}

/**
 * Text with `backtick` spans (how the engine quotes keys, flags and values) as nodes: the quoted
 * parts become <code> elements. Everything stays text; an unpaired backtick is kept as is.
 */
export function rich(text) {
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

/** Click, Enter and Space run `activate` (for SVG groups with role="button"). */
export function activation(el, activate) {
  el.addEventListener('click', activate);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate();
    }
  });
}
