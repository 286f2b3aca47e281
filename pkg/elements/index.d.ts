// Types of 'argocd-tls-planner/elements'. Every report and certificate type is the engine's
// generated one (wasm-bindgen + tsify, from the Rust types), imported here, so the elements'
// types follow the report's; what is written here is only the elements' own API (properties,
// methods, events), which the package's type test (tests/js/types.test.mjs) compiles against.
import type {
  Report,
  ComponentReport,
  ConnectionReport,
  Finding,
  CertificateSummary,
  ManifestFile,
  Instant,
} from '../wasm/argocd_tls_planner.js';

export type { Report, ComponentReport, ConnectionReport, Finding, CertificateSummary, ManifestFile, Instant };

/** What <argocd-tls-report> passes to `resolver`; `resolve` from 'argocd-tls-planner' fits. */
export type ReportResolver = (
  manifests: string | ManifestFile[],
  options: { now: Instant },
) => Report | Promise<Report>;

/** `detail` of `argocd-tls-select`: the selected part, with the object from `report`. */
export type ArgocdTlsSelectDetail =
  | { kind: 'component'; name: string; component: ComponentReport }
  | { kind: 'connection'; index: number; client: string; server: string; connection: ConnectionReport }
  | { kind: 'finding'; index: number; code: string; finding: Finding };

export type ArgocdTlsSelection =
  | { kind: 'component'; name: string }
  | { kind: 'connection'; index: number }
  | { kind: 'finding'; index: number };

/** <argocd-tls-report>: the diagram, the findings and the details of one report. */
export declare class ArgocdTlsReport extends HTMLElement {
  /** The report to render (what `resolve()` returns). Setting it clears the selection. */
  report: Report | null;
  /** Manifests to resolve with `resolver` (YAML/JSON text, or files). */
  manifests: string | ManifestFile[] | null;
  /** The instant to resolve at; default: the time of resolving. */
  now: Instant | null;
  /** Resolves `manifests`; pass `resolve` from 'argocd-tls-planner'. */
  resolver: ReportResolver | null;
  /** What is selected, or null. */
  readonly selection: ArgocdTlsSelection | null;
  /** Selects without firing `argocd-tls-select`; null clears. */
  select(what: ArgocdTlsSelection | { kind: 'connection'; client: string; server: string } | null): void;
}

/** `detail` of `argocd-tls-certificate-select`. */
export interface ArgocdTlsCertificateSelectDetail {
  index: number;
  certificate: CertificateSummary;
}

/** <argocd-tls-certificates>: certificate summaries (what `inspectCertificate()` returns) as cards. */
export declare class ArgocdTlsCertificates extends HTMLElement {
  /** The summaries to render, leaf first. */
  certificates: CertificateSummary[];
  /** Marks certificates whose `notAfter` is before it as expired. */
  now: Date | string | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'argocd-tls-report': ArgocdTlsReport;
    'argocd-tls-certificates': ArgocdTlsCertificates;
  }
  interface HTMLElementEventMap {
    'argocd-tls-select': CustomEvent<ArgocdTlsSelectDetail>;
    'argocd-tls-error': CustomEvent<{ error: unknown }>;
    'argocd-tls-certificate-select': CustomEvent<ArgocdTlsCertificateSelectDetail>;
  }
}
