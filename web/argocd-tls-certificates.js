// <argocd-tls-certificates> for pages served from this repository (www/): the element lives in
// the npm package, pkg/elements/ (`import 'argocd-tls-planner/elements'`). This file only forwards.
export * from '../pkg/elements/argocd-tls-certificates.js';
