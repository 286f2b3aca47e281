#!/usr/bin/env node
// `npx argocd-tls-planner check …` and `… plan …`: the same commands, flags and exit codes as
// the native CLI, running the WebAssembly engine. Only file reading and writing, the clock and
// the randomness (WebCrypto, for certificates a posture wants made here) live here; the rest is
// the engine's `check` and `plan`.
import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { check, version, planIssuance, planJson, planRender, planBundle, rotationTarget } from '../node.js';
import { generateCertificates } from '../generate.js';

const USAGE = `usage: argocd-tls-planner check [PATH...|-] [--format text|json|sarif] [--now RFC3339] [--argocd-version X.Y.Z] [--namespace NS] [--base none|standard] [--fail-within DAYSd]
       argocd-tls-planner plan [PATH...|-] --target POSTURE.yaml [--format text|json|script|kustomize] [--out DIR] [--base-ref REF] [--now RFC3339] [--argocd-version X.Y.Z] [--namespace NS] [--base none|standard]
       argocd-tls-planner plan [PATH...|-] --rotate leaf|ca|compromised|dex-leaf [--target POSTURE.yaml] [--margin DURATION] [same options as above]
       argocd-tls-planner --version`;

function fail(message) {
  process.stderr.write(`argocd-tls-planner: ${message}\n`);
  process.exit(2);
}

function collect(path, out) {
  let info;
  try {
    info = statSync(path);
  } catch (e) {
    fail(`${path}: ${e.message}`);
  }
  if (info.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      const p = join(path, name);
      if (statSync(p).isDirectory() || /\.(ya?ml|json)$/.test(name)) collect(p, out);
    }
  } else {
    out.push(path);
  }
}

const args = process.argv.slice(2);
if (args[0] === '--version' || args[0] === '-V') {
  process.stdout.write(`argocd-tls-planner ${version()}\n`);
  process.exit(0);
}
if (args[0] !== 'check' && args[0] !== 'plan') fail(USAGE);
const command = args[0];

const options = { now: new Date(), format: 'text', base: 'none' };
let target;
let rotate;
let marginDays;
let out;
let baseRef = '../base';
const paths = [];
const rest = args.slice(1);
for (let i = 0; i < rest.length; i++) {
  const a = rest[i];
  const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
  const value = () => {
    if (inline !== undefined) return inline;
    if (i + 1 >= rest.length) fail(`${name} needs a value\n${USAGE}`);
    return rest[++i];
  };
  switch (name) {
    case '--format': options.format = value(); break;
    case '--now': options.now = value(); break;
    case '--argocd-version': options.argocdVersion = value(); break;
    case '--namespace': options.namespace = value(); break;
    case '--base': options.base = value(); break;
    case '--target': if (command !== 'plan') fail(`unknown option \`${name}\`\n${USAGE}`); target = value(); break;
    case '--rotate': if (command !== 'plan') fail(`unknown option \`${name}\`\n${USAGE}`); rotate = value(); break;
    case '--margin': {
      if (command !== 'plan') fail(`unknown option \`${name}\`\n${USAGE}`);
      const v = value();
      const m = /^(\d+)(d|h|m|s)?$/.exec(v.trim());
      if (!m) fail(`--margin: \`${v}\` is not a duration such as 30d or 12h`);
      const scale = { d: 86400, h: 3600, m: 60, s: 1 }[m[2] ?? 'd'];
      marginDays = Math.floor((Number(m[1]) * scale) / 86400);
      break;
    }
    case '--out': if (command !== 'plan') fail(`unknown option \`${name}\`\n${USAGE}`); out = value(); break;
    case '--base-ref': if (command !== 'plan') fail(`unknown option \`${name}\`\n${USAGE}`); baseRef = value(); break;
    case '--fail-within': {
      const v = value();
      const m = /^(\d+)d?$/.exec(v);
      if (!m) fail(`--fail-within: \`${v}\` is not a number of days such as 30d`);
      options.failWithinDays = Number(m[1]);
      break;
    }
    case '-h': case '--help': process.stdout.write(`${USAGE}\n`); process.exit(0);
    default:
      if (name.startsWith('--')) fail(`unknown option \`${name}\`\n${USAGE}`);
      paths.push(a);
  }
}

const files = [];
if (paths.length === 0 || paths.includes('-')) {
  files.push({ name: '<stdin>', text: readFileSync(0, 'utf8') });
}
const found = [];
for (const p of paths.filter((p) => p !== '-')) collect(p, found);
for (const f of found) {
  try {
    files.push({ name: f, text: readFileSync(f, 'utf8') });
  } catch (e) {
    fail(`${f}: ${e.message}`);
  }
}

if (command === 'check') {
  let result;
  try {
    result = check(files, options);
  } catch (e) {
    fail(e.message);
  }
  process.stdout.write(result.output);
  process.exit(result.hasErrors ? 1 : 0);
}

// plan
const format = options.format;
if (!['text', 'json', 'script', 'kustomize'].includes(format)) fail(`--format must be text, json, script or kustomize, not \`${format}\``);
if (format === 'kustomize' && out === undefined) fail('--format kustomize writes a directory: give --out DIR');
if (target === undefined && rotate === undefined) fail(`plan needs --target POSTURE or --rotate KIND\n${USAGE}`);
let posture = '';
if (target !== undefined) {
  try {
    posture = readFileSync(target, 'utf8');
  } catch (e) {
    fail(`${target}: ${e.message}`);
  }
}
if (rotate !== undefined) {
  try {
    posture = rotationTarget(posture, rotate, marginDays);
  } catch (e) {
    fail(`${target ?? '--rotate'}: ${e.message}`);
  }
} else if (marginDays !== undefined) {
  fail('--margin is for --rotate');
}
const planOptions = { now: options.now, argocdVersion: options.argocdVersion, namespace: options.namespace, base: options.base, issued: {} };
try {
  for (const issuance of planIssuance(files, posture, planOptions)) {
    const set = await generateCertificates(issuance.request);
    const leaf = set.leaves[0];
    planOptions.issued[issuance.id] = {
      caCertPem: set.ca ? set.ca.certPem : issuance.request.issuer.certPem,
      certPem: leaf.chainPem,
      keyPem: leaf.keyPem,
    };
  }
  const json = planJson(files, posture, planOptions);
  const safe = JSON.parse(json).safe;
  if (out !== undefined) {
    for (const f of planBundle(files, posture, { ...planOptions, baseRef })) {
      const path = join(out, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
  }
  if (format === 'json') process.stdout.write(json);
  else if (format === 'kustomize') process.stdout.write(`wrote the bundle to ${out} (kustomize/kustomization.yaml, plan.sh, plan.json)\n`);
  else process.stdout.write(planRender(files, posture, planOptions, format));
  process.exit(safe ? 0 : 1);
} catch (e) {
  fail(e.message);
}
