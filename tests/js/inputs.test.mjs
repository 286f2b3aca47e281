// The input rule through the npm package: `resolveSources`, `combineInputs` and `resolve` lay sources the
// same way as the CLI (the later wins, key by key for ConfigMaps; every override is TLS015), and
// the domain rules the page used to re-encode come from the engine. Expected values: the
// reference (strict TLS makes argocd-server verify the repo-server, §6.1) and the releases table
// in ../shared/reference/argocd-releases.tsv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  resolveSources, combineInputs, resolve, readManifests, standardInstall, argocdVersions, expiryWarningDays, serviceNames, externalHost,
} from '../../pkg/node.js';

const now = '2027-06-01T00:00:00Z';
const upstream = readFileSync(new URL('../../../shared/fixtures/upstream/argocd-v3.5.1-install.yaml', import.meta.url), 'utf8');
const params = (v) => `kind: ConfigMap\nmetadata: {name: argocd-cmd-params-cm}\ndata: {server.repo.server.strict.tls: "${v}"}\n`;
const src = (label, text) => ({ label, installation: readManifests([{ name: label, text }]) });
const serverToRepo = (report) => report.connections.find((c) => c.client === 'argocd-server' && c.server === 'argocd-repo-server').verification;

test('resolveSources: the later source wins and the override names both sources', () => {
  for (const [first, last, want] of [['false', 'true', 'verify'], ['true', 'false', null]]) {
    const { installation, report } = resolveSources([src('install.yaml', upstream), src('a.yaml', params(first)), src('b.yaml', params(last))], { now });
    assert.equal(installation.configMaps.find((c) => c.name === 'argocd-cmd-params-cm').data['server.repo.server.strict.tls'], last);
    if (want) assert.equal(serverToRepo(report), want);
    else assert.notEqual(serverToRepo(report), 'verify');
    const info = report.findings.filter((f) => f.code === 'TLS015');
    assert.equal(info.length, 1, JSON.stringify(info));
    assert.match(info[0].message, /argocd-cmd-params-cm: b\.yaml overrides `server\.repo\.server\.strict\.tls` set by a\.yaml/);
    assert.equal(info[0].severity, 'info');
  }
});

test('resolveSources: the form unsets a key; combineInputs reports it', () => {
  const form = { label: 'Settings form', installation: {}, unset: { 'argocd-cmd-params-cm': ['server.repo.server.strict.tls'] } };
  const combined = combineInputs([src('install.yaml', upstream), src('pasted text', params('true')), form]);
  assert.equal(combined.installation.configMaps.find((c) => c.name === 'argocd-cmd-params-cm').data['server.repo.server.strict.tls'], undefined);
  assert.deepEqual(combined.overrides.map((o) => [o.earlier, o.later, o.unset]), [['pasted text', 'Settings form', ['server.repo.server.strict.tls']]]);
});

test('resolve: files in either order give the same report; a change set alone is TLS016', () => {
  const a = resolve([{ name: 'install.yaml', text: upstream }, { name: 'p.yaml', text: params('true') }], { now });
  const b = resolve([{ name: 'p.yaml', text: params('true') }, { name: 'install.yaml', text: upstream }], { now });
  assert.equal(serverToRepo(a), 'verify');
  assert.deepEqual(a, b);
  const alone = resolve([{ name: 'p.yaml', text: params('true') }], { now });
  assert.deepEqual(alone.findings.map((f) => [f.code, f.severity]), [['TLS016', 'error']]);
  assert.match(alone.findings[0].hint, /--base standard/);
  const over = resolve([{ name: 'p.yaml', text: params('true') }], { now, base: 'standard' });
  assert.ok(!over.findings.some((f) => f.code === 'TLS016'));
  assert.equal(serverToRepo(over), 'verify');
});

test('the domain rules come from the engine', () => {
  // The newest tag per minor line ≥ 2.4 in argocd-releases.tsv, and the development line first.
  const tsv = readFileSync(new URL('../../../shared/reference/argocd-releases.tsv', import.meta.url), 'utf8');
  const newest = new Map();
  for (const line of tsv.split('\n').slice(1)) {
    const m = /^v(\d+)\.(\d+)\.(\d+)\t/.exec(line);
    if (!m) continue;
    const v = m.slice(1).map(Number);
    if (v[0] < 2 || (v[0] === 2 && v[1] < 4)) continue;
    const key = `${v[0]}.${v[1]}`;
    if (!newest.has(key) || newest.get(key)[2] < v[2]) newest.set(key, v);
  }
  const want = ['3.6.0-dev', ...[...newest.values()].sort((x, y) => y[0] - x[0] || y[1] - x[1]).map((v) => v.join('.'))];
  assert.ok(want.length > 10);
  assert.deepEqual(argocdVersions(), want);
  assert.equal(expiryWarningDays(), 30);
  assert.deepEqual(serviceNames('argocd-dex-server', 'prod'), ['argocd-dex-server', 'argocd-dex-server.prod', 'argocd-dex-server.prod.svc', 'argocd-dex-server.prod.svc.cluster.local']);
  assert.throws(() => serviceNames('nginx', 'prod'), /not an Argo CD component/);
  const install = standardInstall('3.5.1', 'argocd');
  assert.equal(externalHost(install), null);
  install.configMaps.find((c) => c.name === 'argocd-cm').data.url = 'https://argocd.corp.example:8443/';
  assert.equal(externalHost(install), 'argocd.corp.example');
});
