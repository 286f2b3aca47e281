// The TypeScript types as a consumer sees them: .ts files compiled with `tsc --strict --noEmit`
// against the INSTALLED tarball. Correct use compiles; deliberate misuse fails with the expected code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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

  test(`misuse fails to compile (moduleResolution ${resolution})`, () => {
    for (const [file, codes] of [
      ['bad-options.ts', ['TS2554']],
      ['bad-field.ts', ['TS2551', 'TS2339']],
      ['bad-now.ts', ['TS2345', 'TS2741']],
      ['bad-generate.ts', ['TS2339']],
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
