// No bundler: the explicit-init entry and the elements, loaded through an import map from the
// installed package.
import init, { resolve, defaultExample, version, verifyChain, generateCertificates } from 'argocd-tls-planner/web';
import 'argocd-tls-planner/elements';
import { wireGenerate } from './generate.js';

await init();
const report = resolve(defaultExample(), { now: '2027-06-01T00:00:00Z' });
document.querySelector('#version').textContent = version();
document.querySelector('#findings').textContent = String(report.findings.length);
document.body.dataset.codes = report.findings.map((f) => f.code).join(',');
document.querySelector('argocd-tls-report').report = report;
wireGenerate(document.querySelector('#generate'), { generateCertificates, verifyChain });
document.body.dataset.ready = 'true';
