// The signature of the package's `generateCertificates`; its request, result and progress types
// are generated from the Rust DTOs (wasm-bindgen + tsify).
import type { GenerateProgress, GenerateRequest, GenerateResult } from './wasm/argocd_tls_planner.js';

/** Options of `generateCertificates`. */
export interface GenerateOptions {
  /** Called before each key is made (RSA keys take the longest) and once when all are done. */
  onProgress?: (progress: GenerateProgress) => void;
  /** Aborts the generation: the promise rejects with the signal's reason at once. */
  signal?: AbortSignal;
}

/**
 * Generates a CA (optional) and leaves signed by it or by an imported issuer, as PEM. Keys and
 * signatures come from WebCrypto (`crypto.subtle`: a secure context in browsers, Node 20+),
 * which runs off the page's thread; the engine writes every certificate and checks each
 * signature and key the way Go would. In browsers that load 'argocd-tls-planner/web', call it
 * after `init()`.
 */
export function generateCertificates(request: GenerateRequest, options?: GenerateOptions): Promise<GenerateResult>;
