// Uses 'argocd-tls-planner/elements' as documented; must compile with `tsc --strict --noEmit`.
// The element's report is the engine's generated `Report`: what `resolve` returns fits as is.
import { resolve, defaultExample, inspectCertificate, type Report, type CertificateSummary } from 'argocd-tls-planner';
import {
  ArgocdTlsReport,
  ArgocdTlsCertificates,
  type ReportResolver,
  type ArgocdTlsSelectDetail,
  type ArgocdTlsSelection,
} from 'argocd-tls-planner/elements';

const el = document.createElement('argocd-tls-report');
const isReport: boolean = el instanceof ArgocdTlsReport;
const report: Report = resolve(defaultExample(), { now: '2026-06-01T00:00:00Z' });
el.report = report;
const back: Report | null = el.report;
const resolver: ReportResolver = resolve;
el.resolver = resolver;
el.resolver = async (manifests, { now }) => resolve(manifests, { now });
el.manifests = [{ name: 'a.yaml', text: '' }];
el.manifests = 'apiVersion: v1\nkind: List\nitems: []\n';
el.now = new Date();
el.select({ kind: 'connection', client: 'argocd-server', server: 'argocd-repo-server' });
el.select(null);
const selection: ArgocdTlsSelection | null = el.selection;
const seen: string[] = [];
el.addEventListener('argocd-tls-select', (e) => {
  const d: ArgocdTlsSelectDetail = e.detail;
  if (d.kind === 'connection') seen.push(d.connection.outcome, d.client);
  else if (d.kind === 'component') seen.push(String(d.component.starts));
  else seen.push(d.finding.severity);
});
el.addEventListener('argocd-tls-error', (e) => seen.push(String(e.detail.error)));

const certs = document.createElement('argocd-tls-certificates');
const isCerts: boolean = certs instanceof ArgocdTlsCertificates;
const summaries: CertificateSummary[] = inspectCertificate('pem');
certs.certificates = summaries;
certs.now = '2026-06-01T00:00:00Z';
certs.addEventListener('argocd-tls-certificate-select', (e) => seen.push(e.detail.certificate.subject));

export const used = [isReport, back, selection, isCerts];
