// pnpm new-action <name>: scaffolds actions/<name> from action-templates/node-action, links it
// into the workspace and builds its dist/, so its tests pass from the first minute.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './lib/actions.js';
import { scaffoldAction } from './lib/scaffold.js';

const name = process.argv[2] ?? '';
try {
  const dir = scaffoldAction(name, { root: repoRoot });
  console.log(`created ${path.relative(repoRoot, dir)}/`);
  execFileSync('pnpm', ['install', '--prefer-offline', '--reporter=silent'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  execFileSync('pnpm', ['build', name], { cwd: repoRoot, stdio: 'inherit' });
  console.log(
    `next: edit actions/${name}/action.yml, src/ and README.md, then \`pnpm test actions/${name}\``,
  );
} catch (error) {
  console.error(`new-action: ${(error as Error).message}`);
  process.exit(2);
}
