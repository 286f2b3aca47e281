// How <argocd-tls-plan> reads a plan (the `Plan` that `plan()` returns): the states in the order
// they are stepped through, each state as a report-like view the diagram draws (a node per
// component, an edge per client pod group → server pod group pair), and the naive order's
// failures. Pure functions of the plan; no DOM here. Nothing is decided here that the engine
// decides: outcomes, errors and safety are the plan's.

import { str, list } from './dom.js';

/** A revision as the plan numbers it: `0` today's manifests, `k` after `k` changes, `-1` older. */
export const revisionName = (r) => (r === -1 ? 'older manifests' : `rev ${str(r)}`);

/**
 * The states of one order, as stepped through: `order` is `plan` (the steps' states, each
 * rollout's mixed states then the state after it) or `naive` (the naive order's states).
 * Each item: `{ state, step, label }` (`step` is the step number, or null for the naive order).
 */
export function stateSequence(plan, order) {
  if (!plan || typeof plan !== 'object') return [];
  if (order === 'naive') {
    const states = list(plan.naive?.states);
    return states.map((state, i) => ({
      state,
      step: null,
      label: `Naive order, state ${i + 1} of ${states.length}: ${whenText(state)}`,
    }));
  }
  const out = [];
  for (const step of list(plan.steps)) {
    for (const state of list(step?.states)) {
      out.push({ state, step: step.number, label: `Step ${str(step.number)}, ${whenText(state)}: ${str(step.title)}` });
    }
  }
  return out;
}

function whenText(state) {
  const when = state?.when === 'during' ? 'during the rollout' : state?.when === 'after' ? 'after it' : str(state?.when);
  return `${when} (manifests ${revisionName(state?.revision)})`;
}

/** The pairs of a state that fail, and of those the ones that work today (regressions). */
export function failures(state) {
  const failing = list(state?.connections).filter((p) => p && p.outcome === 'fails');
  return { failing, regressions: failing.filter((p) => p.worksToday) };
}

/**
 * A state as the diagram reads a report: components (from the plan's target report, and any pod
 * group of the state) with `present`, `starts` and the state's pod `groups`; connections (one per
 * pair) with the pair's revisions, `worksToday` and its `index` in the state's `connections`.
 */
export function stateView(plan, state) {
  const pods = list(state?.pods).filter((p) => p && typeof p.component === 'string');
  const names = [];
  const presentInTarget = new Map();
  for (const c of list(plan?.target?.components)) {
    if (c && typeof c.name === 'string') {
      names.push(c.name);
      presentInTarget.set(c.name, Boolean(c.present));
    }
  }
  for (const p of pods) if (!names.includes(p.component)) names.push(p.component);
  const components = names.map((name) => {
    const groups = pods.filter((p) => p.component === name);
    return {
      name,
      present: groups.length > 0 || presentInTarget.get(name) === true,
      starts: groups.every((g) => g.starts),
      endpoints: [],
      groups,
    };
  });
  const connections = list(state?.connections).map((p, index) => ({ ...(p && typeof p === 'object' ? p : {}), index }));
  return { components, connections, findings: [] };
}

/** A node's second line: which manifests its pods started with, and whether they run. */
export function nodeStatus(c) {
  const groups = list(c.groups);
  if (!groups.length) return c.present ? 'no pods in this state' : 'not deployed';
  const failed = groups.filter((g) => !g.starts);
  if (failed.length) return `${failed.map((g) => revisionName(g.revision)).join(', ')} pods exit at startup`;
  const revs = groups.map((g) => revisionName(g.revision));
  return groups.length > 1 ? `rolling: pods on ${revs.join(' and ')}` : `pods on ${revs[0]}`;
}

/** A pair in words, for accessible names and the details. */
export function describePair(c) {
  const how =
    c.transport === 'plaintext'
      ? 'plaintext'
      : c.verification === 'verify'
        ? 'TLS, certificate verified'
        : c.transport === 'tls'
          ? 'TLS, certificate not verified'
          : 'transport not stated';
  const outcome = c.outcome === 'ok' ? 'works' : c.outcome === 'fails' ? `FAILS${c.worksToday ? ' (works today)' : ''}` : 'outcome unknown';
  return `${str(c.client)} (${revisionName(c.clientRevision)}) → ${str(c.server)} (${revisionName(c.serverRevision)}): ${how}; ${outcome}`;
}

/**
 * The naive order's failures, each failing connection once (the same client → server with the
 * same error in several states is one entry): `{ client, server, clientRevision,
 * serverRevision, error, worksToday, states }` with `states` the 0-based indexes of the naive
 * states it fails in.
 */
export function naiveFailures(plan) {
  const out = [];
  const seen = new Map();
  list(plan?.naive?.states).forEach((state, i) => {
    for (const p of failures(state).failing) {
      const key = JSON.stringify([p.client, p.server, p.error?.client ?? '', p.error?.server ?? '']);
      if (!seen.has(key)) {
        const entry = { ...p, states: [] };
        seen.set(key, entry);
        out.push(entry);
      }
      seen.get(key).states.push(i);
    }
  });
  return out;
}

/** What an object of a step is, in one line: `apply Secret argocd-repo-server-tls`. */
export function objectTitle(o) {
  const obj = o?.object && typeof o.object === 'object' ? o.object : {};
  const name = obj.metadata && typeof obj.metadata === 'object' ? str(obj.metadata.name) : '';
  return `${str(o?.how)} ${str(obj.kind)} ${name}`.replace(/\s+/g, ' ').trim();
}
