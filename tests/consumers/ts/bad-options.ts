// Misuse: `resolve` without options (the engine has no clock). Must NOT compile (TS2554).
import { resolve, defaultExample } from 'argocd-tls-planner';
export const report = resolve(defaultExample());
