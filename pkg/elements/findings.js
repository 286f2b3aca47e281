// The findings section of <argocd-tls-report>, and the parts a finding shows wherever it appears
// (in the section and in the details panel): its fix with a Copy button, and its subjects as
// buttons to the component or connection they name.
//
// `ctx` is the element's: `{ view, root, docsBase, select(kind, key) }` (`view` the normalised
// report, `root` the shadow root, `select` selects and fires `argocd-tls-select`).

import { h, str, list, rich } from './dom.js';
import { SEVERITIES, connectionSubject, connectionIndex } from './view.js';

/** The findings grouped by severity; returns the section and its items (finding index → `<li>`). */
export function findingsSection(r, ctx) {
  const findings = list(r.findings);
  const findingEls = [];
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
    for (const { f, index } of items) {
      const li = finding(f, index, ctx);
      findingEls[index] = li;
      ul.append(li);
    }
    section.append(
      h(
        'div',
        { class: 'group', 'data-severity': sev },
        h('h4', {}, h('span', { class: `mark sev-${sev}`, 'aria-hidden': 'true', text: mark }), `${title} `, h('span', { class: 'count', text: `(${items.length})` })),
        ul,
      ),
    );
  }
  return { section, findingEls };
}

function finding(f, index, ctx) {
  const sev = str(f.severity);
  const li = h('li', { class: 'finding', part: 'finding', 'data-severity': sev, 'data-code': str(f.code), 'data-index': index });
  const head = h(
    'button',
    { class: 'fhead', type: 'button', 'aria-label': `${str(f.code)} ${sev}: ${str(f.title)}` },
    h('span', { class: `code sev-${sev}`, text: str(f.code) }),
    h('span', { class: 'title' }, rich(f.title)),
  );
  head.addEventListener('click', () => ctx.select('finding', index));
  li.append(head, h('p', { class: 'message' }, rich(f.message)));
  if (str(f.hint)) li.append(hint(str(f.hint), str(f.code), ctx));
  const meta = h('div', { class: 'fmeta' });
  const subjects = list(f.subjects);
  if (subjects.length) {
    meta.append(h('span', { text: subjects.length === 1 ? 'subject' : 'subjects' }));
    for (const subj of subjects) meta.append(subject(subj, ctx));
  }
  const href = docsHref(f.docs, ctx.docsBase);
  if (href) meta.append(h('a', { href, target: '_blank', rel: 'noopener noreferrer', text: 'docs' }));
  else if (str(f.docs)) meta.append(h('span', { class: 'mono', text: str(f.docs) }));
  if (meta.childNodes.length) li.append(meta);
  return li;
}

/** A finding's fix, with a Copy button (the clipboard is touched only when it is clicked). */
export function hint(text, code, ctx) {
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
      const sel = ctx.root.getSelection?.() ?? document.getSelection();
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
export function subject(value, ctx) {
  const text = str(value);
  const r = ctx.view;
  const ends = connectionSubject(text);
  if (ends) {
    const [client, server] = ends;
    const index = connectionIndex(r, client, server);
    const shown = `${client} → ${server}`;
    if (index >= 0) {
      const b = h('button', { class: 'subject', type: 'button', 'aria-label': `show connection ${shown}`, text: shown });
      b.addEventListener('click', () => ctx.select('connection', index));
      return b;
    }
    return h('span', { class: 'subject', text: shown });
  }
  if (list(r?.components).some((c) => c.name === text)) {
    const b = h('button', { class: 'subject', type: 'button', 'aria-label': `show component ${text}`, text });
    b.addEventListener('click', () => ctx.select('component', text));
    return b;
  }
  return h('span', { class: 'subject', text });
}

/** The link for a finding's `docs` path: only an http(s) URL under `docs-base`, else null. */
function docsHref(docs, base) {
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
