#!/usr/bin/env node
// `npx argocd-tls-planner check …`: the same command, flags and exit codes as the native CLI,
// running the WebAssembly engine. Only file reading and the clock live here; the rest is the
// engine's `check`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { check, version } from '../node.js';

const USAGE = `usage: argocd-tls-planner check [PATH...|-] [--format text|json|sarif] [--now RFC3339] [--argocd-version X.Y.Z] [--namespace NS] [--base none|standard] [--fail-within DAYSd]
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
if (args[0] !== 'check') fail(USAGE);

const options = { now: new Date(), format: 'text', base: 'none' };
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

let result;
try {
  result = check(files, options);
} catch (e) {
  fail(e.message);
}
process.stdout.write(result.output);
process.exit(result.hasErrors ? 1 : 0);
