// The timeline view: the engine's `timeline` (what breaks when) drawn on a time axis. The page
// computes nothing about dates: certificates are bars from the engine's notBefore/notAfter,
// generated certificates are labelled with the engine's words, instants and outages are the
// engine's. Clicking an instant sets the page's "now" to the instant's first second (`after`),
// so the diagram above shows that instant.

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}) => {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  return n;
};
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

const DATES = {
  startRelative: 'generated at every start, valid 365 days from that start (dates not in the input)',
  unknownPersisted: 'generated once and persisted in argocd-secret: dates not in the input',
};

/** The window the page asks the engine for: 90 days before "now" to 365 days after. */
export function timelineWindow(now) {
  const t = now.getTime();
  return { from: new Date(t - 90 * 86400e3), until: new Date(t + 365 * 86400e3) };
}

/**
 * Draws `timeline` (the engine's JSON) into `box`. `now` is the page's instant; `onPick(after)`
 * is called with an instant's `after` (RFC 3339) when the user picks it.
 */
export function renderTimeline(box, timeline, now, onPick) {
  const t = (s) => Date.parse(s);
  const min = t(timeline.from);
  const max = t(timeline.until);
  const W = 640;
  const x = (ms) => 10 + ((Math.min(Math.max(ms, min), max) - min) / Math.max(1, max - min)) * (W - 20);
  const summary = el('p', { class: timeline.firstOutage ? 'tl-summary bad' : 'tl-summary', text: timeline.summary });
  summary.dataset.testid = 'timeline-summary';

  // The axis with "now" and one marker per instant (outages in red), each a button.
  const axis = svg('svg', { viewBox: `0 0 ${W} 40`, class: 'timeline-axis', role: 'group', 'aria-label': `Timeline from ${timeline.from} until ${timeline.until}` });
  axis.append(svg('line', { x1: 10, x2: W - 10, y1: 20, y2: 20, class: 'axis' }));
  const nx = x(now.getTime());
  axis.append(svg('line', { x1: nx, x2: nx, y1: 4, y2: 36, class: 'now' }));
  const label = svg('text', { x: Math.min(nx + 4, W - 30), y: 12, class: 'now-label' });
  label.textContent = 'now';
  axis.append(label);
  for (const i of timeline.instants) {
    const m = svg('circle', { cx: x(t(i.at)), cy: 20, r: 6, class: i.outage ? 'instant outage' : 'instant', tabindex: 0, role: 'button', 'aria-label': `${i.at}${i.outage ? ': outage' : ''} — show this instant` });
    m.dataset.at = i.at;
    const title = svg('title');
    title.textContent = `${i.at}${i.outage ? ' — outage' : ''}: ${i.events.map((e) => `${e.subject || '(empty subject)'} ${e.kind}`).join('; ')}`;
    m.append(title);
    m.addEventListener('click', () => onPick(i.after));
    m.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onPick(i.after);
      }
    });
    axis.append(m);
  }

  // One bar per certificate; generated ones carry the engine's words instead of a bar.
  const list = el('ul', { class: 'timeline-list' });
  for (const c of timeline.certificates) {
    const roles = [...new Set(c.roles.map((r) => `${r.component} (${r.kind})`))].join(', ');
    const g = svg('svg', { viewBox: `0 0 ${W} 24`, class: 'timeline', role: 'img', 'aria-label': `${c.subject}: ${c.notBefore && c.notAfter ? `valid ${c.notBefore} to ${c.notAfter}` : DATES[c.dates]}` });
    if (c.notBefore && c.notAfter) {
      const x0 = x(t(c.notBefore));
      const x1 = x(t(c.notAfter));
      g.append(svg('rect', { x: x0, y: 6, width: Math.max(2, x1 - x0), height: 12, rx: 3, class: c.isCa ? 'bar ca' : 'bar ok' }));
    }
    g.append(svg('line', { x1: nx, x2: nx, y1: 0, y2: 24, class: 'now' }));
    const dates = c.notBefore && c.notAfter ? `${c.notBefore} … ${c.notAfter}` : DATES[c.dates];
    const renewal = c.renewal ? ` · cert-manager ${c.renewal.certificate} renews it at ${c.renewal.renewsAt}${c.renewal.restartNeeded.length ? `; restart ${c.renewal.restartNeeded.join(', ')} after that` : ''}` : '';
    list.append(el('li', {},
      el('div', { class: 'tl-head' }, el('strong', { text: c.subject || '(empty subject)' }), el('span', { text: `${c.isCa ? ' CA' : ''} · ${roles}` })),
      g,
      el('div', { class: 'tl-dates' }, el('span', { text: `${dates}${renewal}` }))));
  }

  // The instants as a list (what changes, Go's error after it).
  const instants = el('ol', { class: 'timeline-instants' });
  for (const i of timeline.instants) {
    const pick = el('button', { type: 'button', class: 'link', text: i.at });
    pick.addEventListener('click', () => onPick(i.after));
    const lines = [
      ...i.events.map((e) => `${e.subject || '(empty subject)'}: ${e.kind}`),
      ...i.changes.map((c) => `${c.client} → ${c.server}: ${c.before.outcome} → ${c.after.outcome}${c.after.error ? ` — ${c.after.error.client}` : ''}`),
      ...i.endpoints.map((e) => `${e.after.component} :${e.after.port} ${e.after.valid ? 'serves a valid chain again' : `serves a chain clients reject${e.avertedByRenewal ? ' (renewed and hot-reloaded before then)' : ''}`}${e.after.error ? ` — ${e.after.error}` : ''}`),
      ...(i.action ? [`Before then: ${i.action}`] : []),
    ];
    instants.append(el('li', { class: i.outage ? 'outage' : '' }, pick, i.outage ? el('strong', { class: 'bad', text: ' outage' }) : '', el('div', { class: 'pre small', text: lines.join('\n') })));
  }
  const notes = timeline.notes.map((n) => el('p', { class: 'hint', text: n }));
  box.replaceChildren(summary, axis, list, instants, ...notes);
}
