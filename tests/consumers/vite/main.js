// A bundled app: imports the package by name with NO init step (the package's browser entry
// instantiates the wasm with top-level await), and renders the report with the package's
// <argocd-tls-report> ('argocd-tls-planner/elements'). Generation uses the browser's WebCrypto.
import { resolve, defaultExample, verifyChain, generateCertificates } from 'argocd-tls-planner';
import 'argocd-tls-planner/elements';
import { wireGenerate } from './generate.js';

const report = resolve(defaultExample(), { now: new Date('2027-06-01T00:00:00Z') });
document.querySelector('#findings').textContent = String(report.findings.length);
document.querySelector('#errors').textContent = String(report.findings.filter((f) => f.severity === 'error').length);
document.body.dataset.codes = report.findings.map((f) => f.code).join(',');
document.querySelector('argocd-tls-report').report = report;
wireGenerate(document.querySelector('#generate'), { generateCertificates, verifyChain });
document.body.dataset.ready = 'true';
