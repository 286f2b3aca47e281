// Misuse: a misspelt field of a finding. Must NOT compile (TS2551: did you mean 'severity'?).
import { resolve, defaultExample } from 'argocd-tls-planner';
const report = resolve(defaultExample(), { now: new Date() });
export const severity: string = report.findings[0].severty;
