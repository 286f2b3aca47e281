// The signature of the package's `generateCertificates`; its request, result and progress types
// are generated from the Rust DTOs (wasm-bindgen + tsify).
import type { GenerateProgress, GenerateRequest, GenerateResult } from './wasm/argocd_tls_planner.js';

/** Options of `generateCertificates`. */
export interface GenerateOptions {
  /** Called before each certificate (its key is made first) and once when all are done. */
  onProgress?: (progress: GenerateProgress) => void;
  /** Aborts the generation (in browsers the Worker is terminated at once). */
  signal?: AbortSignal;
}

/**
 * Generates a CA (optional) and leaves signed by it or by an imported issuer, as PEM. In
 * browsers it runs in a module Worker that loads the generation module on first use; in Node it
 * loads that module on first use and runs in-process.
 */
export function generateCertificates(request: GenerateRequest, options?: GenerateOptions): Promise<GenerateResult>;
