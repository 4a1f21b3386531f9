// A release's checkout of the application: a copy of its repository (without .git and
// node_modules), changed as the story says: for a crashing release, the task definitions' app
// container gets a command that exits at once, so the image stays the app's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeployTarget } from './deploy-targets.js';

/** The command that replaces the app's: Node's when the image runs node, else the shell's. */
export function exitingCommand(appDir: string, target: DeployTarget): string[] {
  const dockerfile = path.join(
    appDir,
    target.inputs.dockerfile || path.join(target.inputs['build-context'] || '.', 'Dockerfile'),
  );
  const text = fs.existsSync(dockerfile) ? fs.readFileSync(dockerfile, 'utf8') : '';
  const cmd = [...text.matchAll(/^\s*(?:CMD|ENTRYPOINT)\s+(.*)$/gim)].pop()?.[1] ?? '';
  return /^\[?\s*"?node\b/.test(cmd.trim())
    ? ['node', '-e', "console.error('rehearsal: this release exits at start'); process.exit(3)"]
    : ['/bin/sh', '-c', 'echo "rehearsal: this release exits at start" >&2; exit 3'];
}

export function makeAppWorkspace(appDir: string, targets: DeployTarget[], crash: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-app-'));
  fs.cpSync(appDir, dir, {
    recursive: true,
    filter: (source) => !/(^|\/)(\.git|node_modules)$/.test(path.relative(appDir, source)),
  });
  if (!crash) return dir;
  for (const target of targets) {
    const file = path.join(dir, target.inputs['task-definition'] ?? '');
    const definition = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      containerDefinitions?: { name?: string; command?: string[] }[];
    };
    const container = target.inputs['container-name'] || 'app';
    for (const c of definition.containerDefinitions ?? [])
      if (c.name === container) c.command = exitingCommand(appDir, target);
    fs.writeFileSync(file, `${JSON.stringify(definition, null, 2)}\n`);
  }
  return dir;
}
