// <argocd-tls-certificates>: renders certificate summaries (the `CertificateSummary[]` that
// `inspectCertificate()` returns) as accessible cards in Shadow DOM.
//
// Data is set through the `certificates` property (and `now`, an RFC 3339 string or Date, to mark
// expiry). Every value is written with textContent: certificate fields can carry markup.
//
// @csspart card - one certificate
// @csspart title - the subject line of a card
// @csspart field - a label/value row
// @cssprop --argocd-tls-fg, --argocd-tls-bg, --argocd-tls-muted, --argocd-tls-border,
//          --argocd-tls-ok, --argocd-tls-bad, --argocd-tls-font - theming
// @fires argocd-tls-certificate-select - detail: { index, certificate } when a card is activated

// A constructable stylesheet: works under a strict CSP (no inline <style>) and is shared by all
// instances.
const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host { display: block; font: var(--argocd-tls-font, inherit); color: var(--argocd-tls-fg, inherit); }
.list { display: grid; gap: 0.75rem; margin: 0; padding: 0; list-style: none; }
.card { border: 1px solid var(--argocd-tls-border, #8884); border-radius: 8px; padding: 0.75rem 1rem;
        background: var(--argocd-tls-bg, transparent); }
.card:focus-visible { outline: 2px solid var(--argocd-tls-focus, #3b82f6); outline-offset: 2px; }
.title { font-weight: 600; margin: 0 0 0.5rem; overflow-wrap: anywhere; font-size: 1rem; }
.role { font-weight: 400; color: var(--argocd-tls-muted, #666); font-size: 0.85em; margin-left: 0.5em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dt { color: var(--argocd-tls-muted, #666); }
dd { margin: 0; overflow-wrap: anywhere; font-family: var(--argocd-tls-mono, ui-monospace, monospace); font-size: 0.9em; }
.expired { color: var(--argocd-tls-bad, #b91c1c); font-weight: 600; }
.valid { color: var(--argocd-tls-ok, #15803d); }
`);

const fields = [
  ['Subject', (c) => c.subject || '(empty)'],
  ['Issuer', (c) => c.issuer || '(empty)'],
  ['Serial', (c) => c.serial],
  ['Not before', (c) => c.notBefore],
  ['Not after', (c) => c.notAfter],
  ['DNS names', (c) => c.dnsNames.join(', ') || '—'],
  ['IP addresses', (c) => c.ipAddresses.join(', ') || '—'],
  ['Email / URI', (c) => [...(c.emailAddresses ?? []), ...(c.uris ?? [])].join(', ') || '—'],
  ['Key', (c) => `${c.keyType} ${c.keyBits}${c.curve ? ` (${c.curve})` : ''}`],
  ['Signature', (c) => c.signatureAlgorithm],
  ['CA', (c) => (c.isCa ? 'yes' : 'no')],
  ['SHA-256', (c) => c.sha256Fingerprint],
];

export class ArgocdTlsCertificates extends HTMLElement {
  #certificates = [];
  #now = null;
  #root;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [sheet];
    const list = document.createElement('ul');
    list.className = 'list';
    list.setAttribute('role', 'list');
    this.#root.append(list);
  }

  /** @type {Array<object>} the summaries to render, leaf first */
  get certificates() {
    return this.#certificates;
  }
  set certificates(value) {
    this.#certificates = Array.isArray(value) ? value : [];
    this.#render();
  }

  /** @type {string|Date|null} the instant used to mark a certificate as expired */
  get now() {
    return this.#now;
  }
  set now(value) {
    this.#now = value;
    this.#render();
  }

  #render() {
    const list = this.#root.querySelector('ul');
    const now = this.#now ? new Date(this.#now).getTime() : null;
    const cards = this.#certificates.map((c, index) => {
      const li = document.createElement('li');
      li.className = 'card';
      li.part = 'card';
      li.tabIndex = 0;
      li.setAttribute('aria-label', `certificate ${index + 1}: ${c.subject}`);
      const h = document.createElement('h3');
      h.className = 'title';
      h.part = 'title';
      h.textContent = c.subject || '(empty subject)';
      const role = document.createElement('span');
      role.className = 'role';
      role.textContent = index === 0 ? 'leaf' : c.isCa ? `chain #${index} (CA)` : `chain #${index}`;
      h.append(role);
      const dl = document.createElement('dl');
      for (const [label, get] of fields) {
        const dt = document.createElement('dt');
        dt.textContent = label;
        const dd = document.createElement('dd');
        dd.part = 'field';
        dd.textContent = String(get(c) ?? '');
        if (label === 'Not after' && now !== null) {
          const expired = Date.parse(c.notAfter) < now;
          dd.classList.add(expired ? 'expired' : 'valid');
          dd.textContent += expired ? ' (expired)' : '';
        }
        dl.append(dt, dd);
      }
      li.append(h, dl);
      const select = () =>
        this.dispatchEvent(
          new CustomEvent('argocd-tls-certificate-select', {
            detail: { index, certificate: c },
            bubbles: true,
            composed: true,
          }),
        );
      li.addEventListener('click', select);
      li.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select();
        }
      });
      return li;
    });
    list.replaceChildren(...cards);
  }
}

if (!customElements.get('argocd-tls-certificates')) {
  customElements.define('argocd-tls-certificates', ArgocdTlsCertificates);
}
