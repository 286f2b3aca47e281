// The `Engine` class of the npm package: one engine resolving many states keeps its memo (parsed
// pools, key pairs, chain verifications) across calls, and each of its reports must be exactly
// the one the one-shot function gives for the same arguments. The states cross every validity
// window of the example's certificates (before notBefore, valid, after notAfter), so a reused
// verification keyed by the wrong window would show as a different report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  Engine, resolve, resolveSarif, resolveSources, defaultExample, readManifests, inspectCertificate,
} from '../../pkg/node.js';

const upstream = readFileSync(new URL('../../../shared/fixtures/upstream/argocd-v3.5.1-install.yaml', import.meta.url), 'utf8');
const fixture = (name) => readFileSync(new URL(`../fixtures/certs/${name}`, import.meta.url), 'utf8');
const b64 = (s) => Buffer.from(s).toString('base64');
// The repo-server's Secret with an ECDSA P-256 certificate, laid over the upstream install.
const repoSecret = `---
apiVersion: v1
kind: Secret
metadata: {name: argocd-repo-server-tls, namespace: argocd}
type: kubernetes.io/tls
data:
  tls.crt: ${b64(fixture('repo-server-ecdsa.crt'))}
  tls.key: ${b64(fixture('repo-server-ecdsa.key'))}
`;

// Instants around the example's and the fixture's validity windows, and in them.
function instants() {
  const bounds = new Set();
  for (const pem of [fixture('repo-server-ecdsa.crt'), ...defaultExample().secrets.flatMap((s) => Object.values(s.data ?? {}))]) {
    if (!String(pem).includes('BEGIN CERTIFICATE')) continue;
    for (const c of inspectCertificate(String(pem))) {
      for (const t of [c.notBefore, c.notAfter]) {
        const ms = Date.parse(t);
        bounds.add(ms - 1000);
        bounds.add(ms + 1000);
      }
    }
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  assert.ok(sorted.length >= 4, `found ${sorted.length} validity bounds`);
  return [Date.parse('2020-01-01T00:00:00Z'), ...sorted, Date.parse('2027-06-01T00:00:00Z')];
}

test('Engine.resolve: the same reports as resolve, state after state, on one engine', () => {
  const engine = new Engine();
  const model = defaultExample();
  const text = `${upstream}\n${repoSecret}`;
  let states = 0;
  for (const now of instants()) {
    for (const [input, options] of [
      [model, { now }],
      [text, { now, argocdVersion: '3.5.1' }],
      [[{ name: 'install.yaml', text: upstream }, { name: 'secret.yaml', text: repoSecret }], { now }],
      [[{ name: 'secret.yaml', text: repoSecret }], { now, base: 'standard', argocdVersion: '2.14.21' }],
    ]) {
      assert.deepEqual(engine.resolve(input, options), resolve(input, options), `now ${new Date(now).toISOString()}`);
      states++;
    }
  }
  // And again in reverse order, every state a hit now.
  for (const now of instants().reverse()) assert.deepEqual(engine.resolve(model, { now }), resolve(model, { now }));
  assert.ok(states >= 16, `${states} states`);
  engine.free();
});

test('Engine.resolveSources and resolveSarif: the same results as the free functions', () => {
  const engine = new Engine();
  const sources = [
    { label: 'install.yaml', installation: readManifests([{ name: 'install.yaml', text: upstream }]) },
    { label: 'secret.yaml', installation: readManifests([{ name: 'secret.yaml', text: repoSecret }]) },
  ];
  for (const now of instants()) {
    assert.deepEqual(engine.resolveSources(sources, { now }), resolveSources(sources, { now }));
    assert.deepEqual(engine.resolveSarif(defaultExample(), { now }), resolveSarif(defaultExample(), { now }));
  }
  engine.free();
});

test('Engine: unreadable input and unsupported versions throw as the free functions do', () => {
  const engine = new Engine();
  const thrown = (f) => {
    try {
      f();
    } catch (e) {
      return { name: e.name, message: e.message, kind: e.kind, line: e.line };
    }
    assert.fail('did not throw');
  };
  for (const [input, options] of [
    ['a: [', { now: 0 }],
    [defaultExample(), { now: 0, argocdVersion: '1.0.0' }],
    [defaultExample(), { now: 'yesterday' }],
  ]) {
    assert.deepEqual(thrown(() => engine.resolve(input, options)), thrown(() => resolve(input, options)));
  }
  // The engine still works after a throw.
  assert.deepEqual(engine.resolve(defaultExample(), { now: 0 }), resolve(defaultExample(), { now: 0 }));
  engine.free();
});
