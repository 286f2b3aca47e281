// Uses the API as documented; must compile with `tsc --strict --noEmit` against the installed package.
import {
  resolve,
  timeline,
  type Timeline,
  type CertificateDates,
  Engine,
  readManifests,
  defaultExample,
  checkKeyPair,
  verifyChain,
  generateCertificates,
  inspectCertificate,
  codes,
  version,
  type Report,
  type Finding,
  type Installation,
  type CertificateSummary,
  type GenerateResult,
  type GenerateProgress,
  type VerifyChainResult,
  type KeyPairResult,
  type ResolveOptions,
} from 'argocd-tls-planner';

const options: ResolveOptions = { now: new Date(), argocdVersion: '3.5.1' };
const model: Installation = defaultExample();
const report: Report = resolve(model, options);
const fromText: Report = resolve('apiVersion: v1\nkind: List\nitems: []\n', { now: '2026-06-01T00:00:00Z' });
const fromFiles: Report = resolve([{ name: 'a.yaml', text: '' }], { now: 0 });
const engine = new Engine();
const again: Report = engine.resolve(model, options);
const sourcesAgain: { installation: Installation; report: Report } = engine.resolveSources([{ label: 'x', installation: model }], options);
engine.free();
const errors: Finding[] = report.findings.filter((f: Finding) => f.severity === 'error');
const firstCode: string | undefined = errors[0]?.code;
const subjects: string[] = report.findings.flatMap((f) => f.subjects);
const starting: boolean[] = report.components.map((c) => c.starts);
const read: Installation = readManifests([{ name: 'x.yaml', text: '' }]);

const steps: string[] = [];
const set: GenerateResult = await generateCertificates(
  {
    ca: { commonName: 'CA', isCa: true, keyAlgorithm: 'ecdsaP256', notBefore: 0, notAfter: 1 },
    leaves: [{ dnsNames: ['argocd-server'], extKeyUsages: ['serverAuth'], keyAlgorithm: 'rsa2048', notBefore: 0, notAfter: 1 }],
  },
  {
    onProgress: (p: GenerateProgress) => steps.push(`${p.done}/${p.total} ${p.current?.role ?? 'done'} ${p.current?.keyAlgorithm ?? ''}`),
    signal: new AbortController().signal,
  },
);
const leafPem: string | undefined = set.leaves[0]?.certPem;
const caKey: string | undefined = set.ca?.keyPem;

const pair: KeyPairResult = checkKeyPair('cert', 'key');
if (pair.ok) {
  const info = pair.info;
  void info;
} else {
  const err = pair.error;
  void err;
}
const v: VerifyChainResult = verifyChain({ leaf: 'a', roots: 'b', dnsName: 'c', now: new Date(), keyUsage: 'serverAuth' });
const chainLength: number = v.ok ? v.chains[0].length : 0;
const why: string | null = v.ok ? null : v.error;
const certs: CertificateSummary[] = inspectCertificate('pem');
const dns: string[] = certs[0].dnsNames;
const allCodes: string[] = codes().map((c) => c.code);
const ver: string = version();

// The timeline: what breaks when (issue 14).
const tl: Timeline = timeline(defaultExample(), { from: new Date(), withinDays: 90, marginDays: 14 });
const firstAt: string | undefined = tl.firstOutage?.at;
const generatedDates: CertificateDates[] = tl.certificates.map((c) => c.dates);
const instantErrors: (string | undefined)[] = tl.instants.flatMap((i) => i.changes.map((c) => c.after.error?.client));

export const used = [firstAt, generatedDates, instantErrors, steps, fromText, fromFiles, firstCode, subjects, starting, read, leafPem, caKey, chainLength, why, dns, allCodes, ver];
