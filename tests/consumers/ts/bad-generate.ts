// Misuse: generation is asynchronous (it runs in a Worker); using its result without `await`
// must NOT compile (TS2339: 'leaves' does not exist on type 'Promise<GenerateResult>').
import { generateCertificates } from 'argocd-tls-planner';
const set = generateCertificates({ leaves: [{ keyAlgorithm: 'ed25519', notBefore: 0, notAfter: 1 }] });
export const pem: string | undefined = set.leaves[0]?.certPem;
