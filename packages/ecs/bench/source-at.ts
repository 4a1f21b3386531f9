// The ECS package as it was at another commit, loaded beside today's for a before/after bench in
// one run: packages/ecs and packages/toolkit of that commit (git archive) in a temp folder, their
// third-party modules the workspace's own.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as EcsPackage from '../src/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Links every module `from` has into `to`, except the ones `instead` names (name → folder). */
function linkModules(from: string, to: string, instead: Record<string, string>): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from)) {
    const names = entry.startsWith('@')
      ? fs.readdirSync(path.join(from, entry)).map((n) => `${entry}/${n}`)
      : [entry];
    for (const name of names) {
      const target = instead[name] ?? fs.realpathSync(path.join(from, name));
      fs.mkdirSync(path.dirname(path.join(to, name)), { recursive: true });
      fs.symlinkSync(target, path.join(to, name));
    }
  }
}

/** Imports packages/ecs/src/index.ts as it was at `commit`. */
export async function ecsPackageAt(commit: string): Promise<typeof EcsPackage> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `shipline-${commit.slice(0, 7)}-`));
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const archive = execFileSync('git', ['archive', commit, 'packages/ecs', 'packages/toolkit'], {
    cwd: repoRoot,
    maxBuffer: 256 * 2 ** 20,
  });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  const modules = (pkg: string) => path.join(repoRoot, 'packages', pkg, 'node_modules');
  linkModules(modules('toolkit'), path.join(root, 'packages/toolkit/node_modules'), {});
  linkModules(modules('ecs'), path.join(root, 'packages/ecs/node_modules'), {
    '@shipline/toolkit': path.join(root, 'packages/toolkit'),
  });
  return import(pathToFileURL(path.join(root, 'packages/ecs/src/index.ts')).href);
}
