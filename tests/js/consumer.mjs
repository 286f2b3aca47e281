// Shared by the tests in this directory (not itself a test file): packs ./pkg with `npm pack`
// and installs the tarball into a fresh temp project, as a user would get the package.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../..', import.meta.url));
export const shared = join(repo, '..', 'shared');

/** Packs and installs the package; returns { dir, project, tarball, cleanup }. */
export function installPackage(prefix = 'argocd-tls-planner-consumer-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir, join(repo, 'pkg')], {
    encoding: 'utf8',
  });
  const tarball = join(dir, packed.trim().split('\n').pop());
  const project = join(dir, 'consumer');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: project, stdio: 'pipe' });
  return { dir, project, tarball, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
