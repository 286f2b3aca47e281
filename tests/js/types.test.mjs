// The TypeScript types as a consumer sees them: .ts files compiled with `tsc --strict --noEmit`
// against the INSTALLED tarball. Correct use compiles; deliberate misuse fails with the expected code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installPackage, repo } from './consumer.mjs';

const tsc = join(repo, 'node_modules/.bin/tsc');
const sources = join(repo, 'tests/consumers/ts');
let installed;

before(() => {
  installed = installPackage('argocd-tls-planner-ts-');
  for (const f of readdirSync(sources)) copyFileSync(join(sources, f), join(installed.project, f));
});
after(() => installed?.cleanup());

function compile(file, moduleResolution) {
  const module = moduleResolution === 'bundler' ? 'esnext' : 'node16';
  const r = spawnSync(
    tsc,
    ['--strict', '--noEmit', '--skipLibCheck', 'false', '--target', 'es2022', '--module', module,
      '--moduleResolution', moduleResolution, '--lib', 'es2022,dom', '--types', '', file],
    { cwd: installed.project, encoding: 'utf8' },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

for (const resolution of ['bundler', 'node16']) {
  test(`correct use compiles (moduleResolution ${resolution})`, () => {
    const r = compile('good.ts', resolution);
    assert.equal(r.status, 0, r.out);
  });

  test(`the elements' documented use compiles (moduleResolution ${resolution})`, () => {
    const r = compile('good-elements.ts', resolution);
    assert.equal(r.status, 0, r.out);
  });

  test(`misuse fails to compile (moduleResolution ${resolution})`, () => {
    for (const [file, codes] of [
      ['bad-options.ts', ['TS2554']],
      ['bad-field.ts', ['TS2551', 'TS2339']],
      ['bad-now.ts', ['TS2345', 'TS2741']],
      ['bad-generate.ts', ['TS2339']],
      ['bad-element-report.ts', ['TS2739', 'TS2740', 'TS2322']],
    ]) {
      const r = compile(file, resolution);
      assert.notEqual(r.status, 0, `${file} compiled`);
      assert.ok(codes.some((c) => r.out.includes(`error ${c}`)), `${file}: expected ${codes} in\n${r.out}`);
      assert.ok(r.out.includes(file), r.out);
    }
  });
}

test('the generated declarations reference no undeclared type', () => {
  // A standalone compile of the package's own .d.ts files (no skipLibCheck) catches a type
  // that tsify referenced but never emitted.
  writeFileSync(join(installed.project, 'only-types.ts'), "export type { Report, Installation, GenerateRequest, GenerateProgress, GenerateOptions, KeyPairResult, VerifyChainResult, Code } from 'argocd-tls-planner';\n");
  const r = compile('only-types.ts', 'bundler');
  assert.equal(r.status, 0, r.out);
});

test("the elements' declared members are the classes' members", async () => {
  // The elements' own API (properties and methods, not the report types, which are generated) is
  // declared by hand in elements/index.d.ts: compile the members the INSTALLED JS classes really
  // have against the declared ones, so a member added, renamed or removed on one side fails.
  const members = await elementMembers(join(installed.project, 'node_modules/argocd-tls-planner/elements/index.js'));
  const lines = ["import type { ArgocdTlsReport, ArgocdTlsCertificates } from 'argocd-tls-planner/elements';"];
  for (const [cls, names] of Object.entries(members)) {
    assert.ok(names.length > 1, `${cls}: ${names}`);
    lines.push(`export const ${cls}Members: Record<Exclude<keyof ${cls}, keyof HTMLElement>, true> = { ${names.map((n) => `${n}: true`).join(', ')} };`);
  }
  writeFileSync(join(installed.project, 'element-members.ts'), `${lines.join('\n')}\n`);
  const r = compile('element-members.ts', 'bundler');
  assert.equal(r.status, 0, `${JSON.stringify(members)}\n${r.out}`);
});

/** Public instance members of the element classes, loaded in Node with just enough DOM to define them. */
async function elementMembers(entry) {
  const saved = {};
  const stubs = {
    HTMLElement: class {},
    CSSStyleSheet: class { replaceSync() {} },
    customElements: { get: () => undefined, define: () => {} },
  };
  for (const [k, v] of Object.entries(stubs)) {
    saved[k] = Object.getOwnPropertyDescriptor(globalThis, k);
    globalThis[k] = v;
  }
  try {
    const m = await import(pathToFileURL(entry).href);
    const lifecycle = new Set(['constructor', 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback', 'adoptedCallback']);
    const own = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((n) => !lifecycle.has(n)).sort();
    return { ArgocdTlsReport: own(m.ArgocdTlsReport), ArgocdTlsCertificates: own(m.ArgocdTlsCertificates) };
  } finally {
    for (const [k, d] of Object.entries(saved)) {
      if (d) Object.defineProperty(globalThis, k, d);
      else delete globalThis[k];
    }
  }
}
