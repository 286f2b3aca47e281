// Plans through every surface: the npm bin (`npx argocd-tls-planner plan`), the npm API
// (`plan`, `planJson`) and the native CLI give byte-identical plan JSON for the same input, the
// JSON validates against pkg/plan.schema.json (Ajv, an independent validator), and no private
// key appears in it — only in the bundle's Secret files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Ajv2020 from 'ajv/dist/2020.js';
import { installPackage, repo, shared } from './consumer.mjs';

const targetDir = process.env.CARGO_TARGET_DIR || join(repo, 'target');
const native = join(targetDir, 'release', 'argocd-tls-planner');
const NOW = '2027-01-15T00:00:00Z';
const example = (f) => readFileSync(join(repo, 'src/example', f), 'utf8');
const indent = (pem) => pem.trimEnd().split('\n').map((l) => `      ${l}`).join('\n');
const POSTURES = {
  'my-ca': `repoServer:\n  certificate:\n    from: myCa\n    caCertPem: |\n${indent(example('ca.crt'))}\n    certPem: |\n${indent(example('repo-server.crt'))}\n    keyPem: |\n${indent(example('repo-server.key'))}\n`,
  'cert-manager-ca-issuer': 'repoServer:\n  certificate: {from: certManager, createCaIssuer: true}\n',
  'tls-policy-modern': 'tlsPolicy: {profile: modern}\n',
  'back-to-defaults': 'reset: {to: defaults}\n',
};
const INSTALLS = ['3.5.1', '2.14.21'].map((v) => [v, join(shared, `fixtures/upstream/argocd-v${v}-install.yaml`)]);
let installed;
let dir;

before(() => {
  execFileSync('cargo', ['build', '--offline', '--quiet', '--release', '--bin', 'argocd-tls-planner'], { cwd: repo, stdio: 'inherit' });
  installed = installPackage('argocd-tls-planner-plan-');
  dir = mkdtempSync(join(tmpdir(), 'plan-postures-'));
  for (const [name, text] of Object.entries(POSTURES)) writeFileSync(join(dir, `${name}.yaml`), text);
});

after(() => installed?.cleanup());

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: installed.project, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw r.error;
  return r;
}

test('CLI, npm bin and npm API give byte-identical plan JSON; it follows the schema; no key in it', async () => {
  const { plan, planJson } = await import(join(installed.project, 'node_modules/argocd-tls-planner/node.js'));
  const schema = JSON.parse(readFileSync(join(repo, 'pkg/plan.schema.json'), 'utf8'));
  const validate = new Ajv2020({ allErrors: true, strict: false, logger: false }).compile(schema);
  let compared = 0;
  for (const [version, install] of INSTALLS) {
    for (const name of Object.keys(POSTURES)) {
      const posture = join(dir, `${name}.yaml`);
      const args = ['plan', install, '--target', posture, '--now', NOW, '--argocd-version', version, '--format', 'json'];
      const rs = run(native, args);
      const js = run('npx', ['--no-install', 'argocd-tls-planner', ...args]);
      assert.equal(rs.status, js.status, `${version} ${name}: exit ${rs.status} (${rs.stderr}) vs ${js.status} (${js.stderr})`);
      assert.ok(rs.status === 0 || rs.status === 1, `${version} ${name}: ${rs.stderr}`);
      assert.equal(js.stdout, rs.stdout, `${version} ${name}: npx vs native`);
      const files = [{ name: install, text: readFileSync(install, 'utf8') }];
      const options = { now: NOW, argocdVersion: version };
      const text = readFileSync(posture, 'utf8');
      assert.equal(planJson(files, text, options), rs.stdout, `${version} ${name}: planJson vs native`);
      const object = plan(files, text, options);
      assert.equal(`${JSON.stringify(object, null, 2)}\n`, rs.stdout, `${version} ${name}: plan() vs native`);
      assert.ok(validate(object), `${version} ${name}: ${JSON.stringify(validate.errors)}`);
      assert.equal(object.schemaVersion, 2);
      assert.ok(!rs.stdout.includes('PRIVATE KEY'), `${version} ${name}: a private key in the plan JSON`);
      compared++;
    }
  }
  assert.equal(compared, 8);
});

test('a generated posture: keys only in the bundle\'s Secret files', () => {
  const out = mkdtempSync(join(tmpdir(), 'plan-bundle-'));
  writeFileSync(join(dir, 'generate.yaml'), 'repoServer: {certificate: {from: generate}}\n');
  const install = INSTALLS[0][1];
  const r = run('npx', ['--no-install', 'argocd-tls-planner', 'plan', install, '--target', join(dir, 'generate.yaml'), '--now', NOW, '--format', 'kustomize', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const plan = readFileSync(join(out, 'plan.json'), 'utf8');
  assert.ok(!plan.includes('PRIVATE KEY'));
  const withKeys = readdirSync(out).filter((f) => f.endsWith('.yaml') && readFileSync(join(out, f), 'utf8').includes('PRIVATE KEY'));
  assert.deepEqual(withKeys, ['01-secret-argocd-repo-server-tls.yaml']);
  assert.ok(JSON.parse(plan).safe);
  assert.match(readFileSync(join(out, 'kustomize/kustomization.yaml'), 'utf8'), /kind: Kustomization/);
});

// Rotation plans (issue 14): `plan --rotate KIND` on the native CLI and the npm bin, and `plan()`
// with the engine's rotation target (`rotationTarget`), give byte-identical JSON. The fixture's
// Secrets are cert-manager's (a `Certificate` writes them): the renewal is `cmctl renew`,
// simulated with deterministic stand-ins, so every surface plans the same certificates.
test('rotation plans: CLI, npm bin and npm plan() give byte-identical JSON', async () => {
  const { plan, planJson, rotationTarget } = await import(join(installed.project, 'node_modules/argocd-tls-planner/node.js'));
  const schema = JSON.parse(readFileSync(join(repo, 'pkg/plan.schema.json'), 'utf8'));
  const validate = new Ajv2020({ allErrors: true, strict: false, logger: false }).compile(schema);
  const fixture = join(repo, 'tests/fixtures/timeline/cert-manager.yaml');
  const now = '2027-01-01T00:00:00Z';
  let compared = 0;
  for (const kind of ['leaf', 'ca', 'compromised']) {
    const args = ['plan', fixture, '--base', 'standard', '--argocd-version', '3.5.1', '--now', now, '--rotate', kind, '--margin', '14d', '--format', 'json'];
    const rs = run(native, args);
    const js = run('npx', ['--no-install', 'argocd-tls-planner', ...args]);
    assert.ok(rs.status === 0 || rs.status === 1, `${kind}: ${rs.stderr}`);
    assert.equal(js.status, rs.status, `${kind}: ${js.stderr}`);
    assert.equal(js.stdout, rs.stdout, `${kind}: npx vs native`);
    const files = [{ name: fixture, text: readFileSync(fixture, 'utf8') }];
    const options = { now, argocdVersion: '3.5.1', base: 'standard' };
    const target = rotationTarget(undefined, kind, 14);
    assert.equal(planJson(files, target, options), rs.stdout, `${kind}: planJson vs native`);
    const object = plan(files, JSON.parse(target), options);
    assert.equal(`${JSON.stringify(object, null, 2)}\n`, rs.stdout, `${kind}: plan() vs native`);
    assert.ok(validate(object), `${kind}: ${JSON.stringify(validate.errors)}`);
    assert.equal(object.rotation.secrets[0], 'argocd-repo-server-tls');
    assert.equal(object.rotation.marginDays, 14);
    assert.ok(object.steps.some((s) => s.commands.some((c) => c.startsWith('cmctl renew -n argocd argocd-repo-server'))), kind);
    compared++;
  }
  assert.equal(compared, 3);
  // A leaf under a CA whose key nobody gave: the same structured refusal everywhere.
  const args = ['plan', join(repo, 'tests/fixtures/timeline/ca-rotation.yaml'), '--base', 'standard', '--argocd-version', '3.5.1', '--now', now, '--rotate', 'dex-leaf'];
  const rs = run(native, args);
  const js = run('npx', ['--no-install', 'argocd-tls-planner', ...args]);
  assert.equal(rs.status, 2);
  assert.equal(js.status, 2);
  assert.match(rs.stderr, /argocd-dex-server-tls: a new leaf under today's CA needs that CA's key/);
  assert.match(js.stderr, /argocd-dex-server-tls: a new leaf under today's CA needs that CA's key/);
  assert.throws(() => rotationTarget(undefined, 'sideways'), /leaf, ca, compromised or dex-leaf/);
});

// The way in (issue 15): the edge postures over the 3.5.1 install with an ingress-nginx Ingress
// and a Gateway + HTTPRoute in front of argocd-server `--insecure` — `passthrough` (the Ingress
// passes TLS to argocd-server) and `reencrypt` (a BackendTLSPolicy) with argocd-server's
// certificate from cert-manager (deterministic stand-ins, so every surface plans the same
// certificates) — give byte-identical plan JSON on the native CLI, the npm bin and the npm API,
// and each broken way in names what its client sees.
const EDGE = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cmd-params-cm
  labels:
    app.kubernetes.io/part-of: argocd
data:
  server.insecure: "true"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: argocd-server
spec:
  ingressClassName: nginx
  rules:
  - host: argocd.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: argocd-server
            port:
              name: http
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: argocd
spec:
  gatewayClassName: eg
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    hostname: argocd.example.com
    tls:
      mode: Terminate
      certificateRefs:
      - name: argocd-gateway-tls
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: argocd-server
spec:
  parentRefs:
  - name: argocd
  hostnames: [argocd.example.com]
  rules:
  - backendRefs:
    - name: argocd-server
      port: 80
`;
const EDGE_POSTURES = {
  'edge-passthrough': 'edge: {termination: passthrough}\nserver: {certificate: {from: certManager, createCaIssuer: true}}\n',
  'edge-reencrypt': 'edge: {termination: reencrypt}\nserver: {certificate: {from: certManager, createCaIssuer: true}}\n',
};

test('edge postures (passthrough, reencrypt): CLI, npm bin and npm plan() give byte-identical JSON', async () => {
  const { plan, planJson } = await import(join(installed.project, 'node_modules/argocd-tls-planner/node.js'));
  const schema = JSON.parse(readFileSync(join(repo, 'pkg/plan.schema.json'), 'utf8'));
  const validate = new Ajv2020({ allErrors: true, strict: false, logger: false }).compile(schema);
  const [version, install] = INSTALLS[0];
  const edge = join(dir, 'edge.yaml');
  writeFileSync(edge, EDGE);
  let compared = 0;
  for (const [name, text] of Object.entries(EDGE_POSTURES)) {
    const posture = join(dir, `${name}.yaml`);
    writeFileSync(posture, text);
    const args = ['plan', install, edge, '--target', posture, '--now', NOW, '--argocd-version', version, '--format', 'json'];
    const rs = run(native, args);
    const js = run('npx', ['--no-install', 'argocd-tls-planner', ...args]);
    // No order keeps every way in working: the plan shows the window (exit 1).
    assert.equal(rs.status, 1, `${name}: ${rs.stderr}`);
    assert.equal(js.status, 1, `${name}: ${js.stderr}`);
    assert.equal(js.stdout, rs.stdout, `${name}: npx vs native`);
    const files = [{ name: install, text: readFileSync(install, 'utf8') }, { name: edge, text: EDGE }];
    const options = { now: NOW, argocdVersion: version };
    assert.equal(planJson(files, text, options), rs.stdout, `${name}: planJson vs native`);
    const object = plan(files, text, options);
    assert.equal(`${JSON.stringify(object, null, 2)}\n`, rs.stdout, `${name}: plan() vs native`);
    assert.ok(validate(object), `${name}: ${JSON.stringify(validate.errors)}`);
    const broken = object.steps.flatMap((s) => s.states.flatMap((st) => st.brokenWays ?? []));
    assert.ok(broken.length > 0, name);
    for (const w of broken) {
      assert.ok(w.way && w.client && w.result, JSON.stringify(w));
      assert.ok(w.error || w.statuses.length > 0, `${name}: no outcome text for ${JSON.stringify(w)}`);
    }
    compared++;
  }
  assert.ok(JSON.parse(run(native, ['plan', install, edge, '--target', join(dir, 'edge-reencrypt.yaml'), '--now', NOW, '--argocd-version', version, '--format', 'json']).stdout)
    .steps.some((s) => s.objects.some((o) => o.object.kind === 'BackendTLSPolicy')));
  assert.equal(compared, 2);
});
