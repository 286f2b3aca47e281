// How <argocd-tls-report> reads a report: the tolerant copy it renders from, and the words and
// classes it derives from a component's or a connection's fields. No DOM here.

import { str, list } from './dom.js';

/** The severities in display order: key, group title, mark. */
export const SEVERITIES = [
  ['error', 'Errors', '✕'],
  ['warning', 'Warnings', '!'],
  ['info', 'Info', 'i'],
];

/** The mark of a severity (`·` for one the element does not know). */
export const severityMark = (severity) => SEVERITIES.find(([k]) => k === severity)?.[2] ?? '·';

/** The class a connection is drawn with: what the client does, then how it ends. */
export function edgeStyle(c) {
  if (c.transport === 'plaintext') return 'plaintext';
  return c.verification === 'verify' ? 'verified' : 'unverified';
}

/** A connection in words, for accessible names. */
export function describeConnection(c) {
  const how =
    c.transport === 'plaintext'
      ? 'plaintext'
      : c.verification === 'verify'
        ? 'TLS, certificate verified'
        : 'TLS, certificate not verified';
  const outcome = c.outcome === 'ok' ? 'works' : c.outcome === 'fails' ? 'FAILS' : 'outcome unknown';
  return `${str(c.client)} → ${str(c.server)}: ${how}; ${outcome}`;
}

/** A component's state in words. */
export function componentState(c) {
  if (!c.present) return 'not deployed';
  if (!c.starts) return 'exits at startup';
  return 'starts';
}

/** A finding subject `client->server` as [client, server], or null for a component name. */
export function connectionSubject(subject) {
  const t = str(subject);
  const arrow = t.indexOf('->');
  return arrow > 0 ? [t.slice(0, arrow), t.slice(arrow + 2)] : null;
}

/** The index of the connection client → server in the report, or -1. */
export const connectionIndex = (r, client, server) =>
  list(r?.connections).findIndex((c) => c.client === client && c.server === server);

/**
 * The report with every array entry an object (null or a string becomes `{}`, so indexes stay
 * those of the original) and every certificate's list fields arrays: the renderers and
 * <argocd-tls-certificates> can then read fields without checks. Values stay as they are.
 */
export function normalise(r) {
  if (!r || typeof r !== 'object' || !Array.isArray(r.components)) return r ?? null;
  const objs = (a) => list(a).map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? x : {}));
  const cert = (c) => {
    const out = { ...c };
    for (const k of ['dnsNames', 'ipAddresses', 'emailAddresses', 'uris']) out[k] = list(c[k]);
    return out;
  };
  const endpoint = (e) => {
    const tls = e.tls && typeof e.tls === 'object' ? e.tls : null;
    const certificate = tls?.certificate && typeof tls.certificate === 'object' ? tls.certificate : {};
    return {
      ...e,
      grade: e.grade && typeof e.grade === 'object' ? e.grade : null,
      tls: tls && { ...tls, certificate: { ...certificate, chain: objs(certificate.chain).map(cert) } },
    };
  };
  return {
    ...r,
    components: objs(r.components).map((c) => ({ ...c, endpoints: objs(c.endpoints).map(endpoint) })),
    connections: objs(r.connections).map((c) => ({ ...c, error: c.error && typeof c.error === 'object' ? c.error : null })),
    findings: objs(r.findings),
  };
}
