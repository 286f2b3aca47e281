// The planner page. Imports only the npm package (pkg/) and the elements (web/).
import init, { inspectCertificate, version } from '../pkg/web.js';
import '../web/argocd-tls-certificates.js';

const $ = (id) => document.getElementById(id);
const input = $('pem-input');
const status = $('pem-status');
const errorBox = $('pem-error');
const result = $('pem-result');

let example = '';

function showError(err) {
  const where = err.line ? ` (line ${err.line})` : '';
  const strong = document.createElement('strong');
  strong.textContent = `Cannot read this input${where}: `;
  const text = document.createElement('span');
  text.textContent = err.message ?? String(err);
  errorBox.replaceChildren(strong, text);
  errorBox.dataset.kind = err.kind ?? 'unknown';
  errorBox.hidden = false;
}

function update() {
  const text = input.value;
  errorBox.hidden = true;
  if (!text.trim()) {
    result.certificates = [];
    status.textContent = 'Paste a certificate to inspect it.';
    return;
  }
  try {
    const certs = inspectCertificate(text);
    result.now = new Date();
    result.certificates = certs;
    status.textContent = `${certs.length} certificate${certs.length === 1 ? '' : 's'}`;
  } catch (err) {
    result.certificates = [];
    status.textContent = '';
    showError(err);
  }
}

let timer;
input.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(update, 120);
});
$('load-example').addEventListener('click', () => {
  input.value = example;
  update();
});
$('clear-input').addEventListener('click', () => {
  input.value = '';
  update();
  input.focus();
});

await init();
$('engine-version').textContent = `v${version()}`;
example = await (await fetch('examples/argocd-repo-server-tls.crt')).text();
input.value = example;
update();
document.body.dataset.ready = 'true';
