// Misuse: options without `now`. Must NOT compile (TS2345 or TS2741).
import { resolve, defaultExample } from 'argocd-tls-planner';
export const report = resolve(defaultExample(), { argocdVersion: '3.5.1' });
