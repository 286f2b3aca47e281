// Misuse: timeline options without `from` (the engine has no clock). Must NOT compile (TS2345 or TS2741).
import { timeline, defaultExample } from 'argocd-tls-planner';
export const t = timeline(defaultExample(), { withinDays: 30 });
