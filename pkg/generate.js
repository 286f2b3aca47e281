// Certificate generation: the keys and signatures are WebCrypto's (`crypto.subtle`, native code
// that runs off the page's thread in browsers), the certificates are written and checked by the
// engine (`generationSteps` → `prepareCertificates` → `assembleCertificates`). The module holds
// no key-generation or signing code, so generation costs no extra download.
import { assembleCertificates, generationSteps, prepareCertificates } from './wasm/argocd_tls_planner.js';

/** WebCrypto's parameters for each `keyAlgorithm` of a request. */
const NEW_KEY = {
  rsa2048: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  ecdsaP256: { name: 'ECDSA', namedCurve: 'P-256' },
  ecdsaP384: { name: 'ECDSA', namedCurve: 'P-384' },
  ecdsaP521: { name: 'ECDSA', namedCurve: 'P-521' },
  ed25519: { name: 'Ed25519' },
};

/** WebCrypto's parameters for each `scheme` of a prepared certificate: to import an issuer key, and to sign. */
const SCHEME = {
  rsaPkcs1Sha256: { key: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } },
  ecdsaP256Sha256: { key: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  ecdsaP384Sha384: { key: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  ecdsaP521Sha512: { key: { name: 'ECDSA', namedCurve: 'P-521' }, sign: { name: 'ECDSA', hash: 'SHA-512' } },
  ed25519: { key: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
};

function plannerError(kind, message) {
  return Object.assign(new Error(message), { name: 'PlannerInputError', kind });
}

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** `promise`, or the signal's reason as soon as it aborts (WebCrypto itself cannot be cancelled). */
function abortable(promise, signal) {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** A WebCrypto failure as a planner error that says which operation failed and why. */
async function webCrypto(what, promise, signal) {
  try {
    return await abortable(promise, signal);
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw plannerError('webCryptoFailed', `WebCrypto could not ${what}: ${e?.name ?? 'Error'}: ${e?.message ?? e}`);
  }
}

export async function generateCertificates(request, { onProgress, signal } = {}) {
  signal?.throwIfAborted();
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw plannerError('noWebCrypto', 'generateCertificates needs WebCrypto (crypto.subtle): in browsers a secure context (https: or localhost), in Node version 20 or later');
  }
  const report = (progress) => {
    try {
      onProgress?.(progress);
    } catch {
      // A throwing callback must not abort the generation; its error is the caller's.
    }
  };
  // Checks the whole request (and an imported issuer) before any key is made.
  const steps = generationSteps(request);
  const total = steps.length;
  const pairs = [];
  for (const [done, step] of steps.entries()) {
    report({ done, total, current: step });
    pairs.push(await webCrypto(`make a ${step.keyAlgorithm} key`, subtle.generateKey(NEW_KEY[step.keyAlgorithm], true, ['sign', 'verify']), signal));
  }
  const keys = [];
  for (const pair of pairs) keys.push(toBase64(await webCrypto('export a new key', subtle.exportKey('pkcs8', pair.privateKey), signal)));
  const prepared = prepareCertificates(request, keys);
  let issuer;
  const signatures = [];
  for (const [i, certificate] of prepared.certificates.entries()) {
    const scheme = SCHEME[certificate.scheme];
    let key;
    if (certificate.signedBy === 'itself') key = pairs[i].privateKey;
    else if (certificate.signedBy === 'ca') key = pairs[0].privateKey;
    else {
      issuer ??= await webCrypto('import the issuer key', subtle.importKey('pkcs8', fromBase64(prepared.issuerKey), scheme.key, false, ['sign']), signal);
      key = issuer;
    }
    signatures.push(toBase64(await webCrypto('sign a certificate', subtle.sign(scheme.sign, key, fromBase64(certificate.tbs)), signal)));
  }
  signal?.throwIfAborted();
  const result = assembleCertificates(request, keys, prepared, signatures);
  report({ done: total, total, current: null });
  return result;
}
