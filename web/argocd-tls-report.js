// <argocd-tls-report> for pages served from this repository (www/, web/demo.html): the element
// lives in the npm package, pkg/elements/, which is what a dashboard installs
// (`import 'argocd-tls-planner/elements'`). One copy; this file only forwards to it.
export * from '../pkg/elements/argocd-tls-report.js';
