// Misuse: an installation is not a report. Must NOT compile (the element's `report` is `Report`).
import { defaultExample } from 'argocd-tls-planner';
import 'argocd-tls-planner/elements';
document.createElement('argocd-tls-report').report = defaultExample();
