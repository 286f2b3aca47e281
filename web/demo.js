// Demo page for <argocd-tls-report>: paste a report (JSON) to render it. Tests set
// `document.getElementById('report').report` directly.
import './argocd-tls-report.js';

const el = document.getElementById('report');
const input = document.getElementById('report-json');
const status = document.getElementById('paste-status');
const last = document.getElementById('last-event');

input.addEventListener('change', () => {
  try {
    el.report = JSON.parse(input.value);
    status.textContent = 'rendered';
  } catch (err) {
    status.textContent = `not JSON: ${err.message}`;
  }
});

document.addEventListener('argocd-tls-select', (e) => {
  const d = e.detail;
  last.textContent =
    d.kind === 'component' ? `component ${d.name}` : d.kind === 'connection' ? `connection ${d.client} -> ${d.server}` : `finding ${d.code}`;
});

await customElements.whenDefined('argocd-tls-report');
document.body.dataset.ready = 'true';
