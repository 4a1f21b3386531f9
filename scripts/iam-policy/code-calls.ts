// What the code actually sends: every `new <X>Command(` of an AWS SDK v3 client in the files an
// action reaches (its src/ and, through imports, the workspace packages it uses), as IAM actions.
// test/iam-calls.test.ts compares it with the list in aws-calls.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** @aws-sdk/client-<name> → IAM service prefix. */
const PREFIXES: Record<string, string> = {
  ecs: 'ecs',
  ecr: 'ecr',
  'cloudwatch-logs': 'logs',
  'secrets-manager': 'secretsmanager',
  ssm: 'ssm',
  sts: 'sts',
  iam: 'iam',
};

export interface SentCommand {
  /** `ecs:UpdateService` */
  action: string;
  command: string;
  file: string;
}

/** The commands one file sends, named by the client package it imports them from. */
export function commandsIn(file: string, text = fs.readFileSync(file, 'utf8')): SentCommand[] {
  const clientOf = new Map<string, string>();
  for (const m of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z-]+)'/g))
    for (const name of m[1]!.split(',').map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!,
    ))
      clientOf.set(name, m[2]!);
  return [...text.matchAll(/new\s+([A-Z]\w*Command)\s*\(/g)].flatMap((m) => {
    const command = m[1]!;
    const client = clientOf.get(command);
    if (!client) return [];
    const prefix = PREFIXES[client] ?? client;
    return [
      {
        action: `${prefix}:${command.replace(/Command$/, '')}`,
        command,
        file: path.relative(repoRoot, file),
      },
    ];
  });
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The names an import or re-export statement brings (`type` markers and `as` renames dropped). */
const namesIn = (list: string) =>
  list
    .split(',')
    .map(
      (n) =>
        n
          .trim()
          .replace(/^type\s+/, '')
          .split(/\s+as\s+/)[0]!,
    )
    .filter(Boolean);

/** The files of a package index (`export { a, b } from './x.js'`) that export any of `names`. */
function indexFilesFor(index: string, names: string[]): string[] {
  if (!fs.existsSync(index)) return [];
  const text = fs.readFileSync(index, 'utf8');
  return [...text.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'([^']+)'/g)]
    .filter((m) => namesIn(m[1]!).some((n) => names.includes(n)))
    .map((m) => path.resolve(path.dirname(index), m[2]!.replace(/\.js$/, '.ts')));
}

/**
 * Files reachable by imports from an action's src/: relative imports whole, and from a workspace
 * package (`@shipline/<name>`) only the index entries of the names imported, so a package's other
 * code (a one-off task runner, say) does not count as this action's calls.
 */
export function filesReachedBy(action: string, root = repoRoot): string[] {
  const seen = new Set<string>();
  const queue = sourceFiles(path.join(root, 'actions', action, 'src'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !fs.existsSync(file)) continue;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /(?:import|export)\s+(?:type\s+)?(\{[^}]*\}|[^;'"]*?)\s*from\s*'([^']+)'/g,
    )) {
      const [, clause, spec] = m as unknown as [string, string, string];
      if (spec.startsWith('.')) queue.push(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      const pkg = /^@shipline\/([a-z-]+)$/.exec(spec)?.[1];
      if (!pkg) continue;
      const index = path.join(root, 'packages', pkg, 'src', 'index.ts');
      const names = clause.startsWith('{') ? namesIn(clause.slice(1, -1)) : undefined;
      // A namespace or default import takes the whole index.
      queue.push(...(names ? indexFilesFor(index, names) : [index]));
    }
  }
  return [...seen].sort();
}

export const sentBy = (action: string, root = repoRoot): SentCommand[] =>
  filesReachedBy(action, root).flatMap((f) => commandsIn(f));

/** Every command sent anywhere in the action and package sources the pipeline ships. */
export function sentAnywhere(root = repoRoot): SentCommand[] {
  const dirs = [
    ...fs.readdirSync(path.join(root, 'actions')).map((a) => path.join(root, 'actions', a, 'src')),
    path.join(root, 'packages', 'ecs', 'src'),
    path.join(root, 'packages', 'docker', 'src'),
  ];
  return dirs.flatMap(sourceFiles).flatMap((f) => commandsIn(f));
}
