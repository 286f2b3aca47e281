// 'argocd-tls-planner/elements': defines <argocd-tls-report> and <argocd-tls-certificates>
// (importing this module is what registers them) and exports their classes. It does not load the
// engine: give the report element a `report`, or a `resolver` (`resolve` from
// 'argocd-tls-planner') with `manifests`.
export { ArgocdTlsReport } from './argocd-tls-report.js';
export { ArgocdTlsCertificates } from './argocd-tls-certificates.js';
