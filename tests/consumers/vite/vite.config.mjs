// Defaults only; the wasm is found through `new URL(…, import.meta.url)` in the package.
export default { build: { target: 'es2022' }, logLevel: 'warn' };
