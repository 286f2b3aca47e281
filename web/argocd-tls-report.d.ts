// Types for <argocd-tls-report> (web/argocd-tls-report.js). The report types mirror the Rust DTOs
// (src/report.rs, src/diagnostics.rs, src/resolve/grade.rs, src/certificates/inspect.rs); with the
// npm package, prefer its generated `Report` type: `import type { Report } from 'argocd-tls-planner'`.

/** One certificate, as `inspectCertificate()` describes it (fields the element reads). */
export interface ReportCertificateSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  dnsNames: string[];
  ipAddresses: string[];
  emailAddresses?: string[];
  uris?: string[];
  keyType: string;
  keyBits: number;
  curve: string | null;
  signatureAlgorithm: string;
  isCa: boolean;
  sha256Fingerprint: string;
  [field: string]: unknown;
}

export interface ReportGrade {
  guideline: string;
  mozilla: string;
  mozillaGaps: string[];
  sslLabs: string;
  caps: string[];
}

export interface ReportTls {
  minVersion: string;
  maxVersion: string;
  cipherSuites: string[] | null;
  certificate: { source: string; persistent: boolean; hotReload: boolean; chain: ReportCertificateSummary[] };
  clientAuth: 'none' | 'require';
  alpn: string[];
}

export interface ReportSettingSource {
  value: string;
  kind: 'flag' | 'env' | 'configMapKey' | 'secretKey' | 'default' | 'versionRule';
  /** the flag as written, the env variable, the ConfigMap/Secret key, or the version rule; null for a default */
  name: string | null;
  /** the ConfigMap or Secret holding the key */
  object: string | null;
  /** the env variable that carries a ConfigMap or Secret key */
  env: string | null;
}

export interface ReportEndpoint {
  name: string;
  port: number;
  protocol: string;
  tls: ReportTls | null;
  /** setting → its value and where it comes from */
  sources: Record<string, ReportSettingSource>;
  grade: ReportGrade | null;
}

export interface ReportComponent {
  name: string;
  present: boolean;
  starts: boolean;
  startupError: string | null;
  endpoints: ReportEndpoint[];
}

export interface ReportConnection {
  client: string;
  server: string;
  address: string;
  transport: 'plaintext' | 'tls';
  verification: 'none' | 'skip-verify' | 'verify';
  serverName: string | null;
  trust: string[];
  clientCertificate: boolean;
  outcome: 'ok' | 'fails' | 'unknown';
  error: { client: string; server: string | null } | null;
  /** set only when the outcome is `ok` */
  negotiated: { version: string; cipherSuite: string; alpn: string | null } | null;
  /** what a failing handshake's ServerHello chose, if it got that far */
  serverHello: { version: string; cipherSuite: string; alpn: string | null } | null;
}

export interface ReportFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  hint: string;
  /** component names, or `client->server` for connections */
  subjects: string[];
  docs: string;
}

export interface TlsReport {
  schemaVersion: 2;
  argocdVersion: string;
  namespace: string;
  now: string;
  components: ReportComponent[];
  connections: ReportConnection[];
  findings: ReportFinding[];
}

/** What the element passes to `resolver`; `resolve` from 'argocd-tls-planner' fits. */
export type TlsReportResolver = (
  manifests: string | Array<{ name: string; text: string }>,
  options: { now: Date | string | number },
) => TlsReport | Promise<TlsReport>;

export type ArgocdTlsSelectDetail =
  | { kind: 'component'; name: string; component: ReportComponent }
  | { kind: 'connection'; index: number; client: string; server: string; connection: ReportConnection }
  | { kind: 'finding'; index: number; code: string; finding: ReportFinding };

export type ArgocdTlsSelection =
  | { kind: 'component'; name: string }
  | { kind: 'connection'; index: number }
  | { kind: 'finding'; index: number };

export declare class ArgocdTlsReport extends HTMLElement {
  /** The report to render. Setting it clears the selection. */
  report: TlsReport | null;
  /** Manifests to resolve with `resolver` (YAML/JSON text, or files). */
  manifests: string | Array<{ name: string; text: string }> | null;
  /** The instant to resolve at; default: the time of resolving. */
  now: Date | string | number | null;
  /** Resolves `manifests`; pass `resolve` from 'argocd-tls-planner'. */
  resolver: TlsReportResolver | null;
  /** What is selected, or null. */
  readonly selection: ArgocdTlsSelection | null;
  /** Selects without firing `argocd-tls-select`; null clears. */
  select(
    what:
      | ArgocdTlsSelection
      | { kind: 'connection'; client: string; server: string }
      | null,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'argocd-tls-report': ArgocdTlsReport;
  }
  interface HTMLElementEventMap {
    'argocd-tls-select': CustomEvent<ArgocdTlsSelectDetail>;
    'argocd-tls-error': CustomEvent<{ error: unknown }>;
  }
}
