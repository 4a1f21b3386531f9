// Copies action-templates/node-action into actions/<name>, filling in the name and title.
import fs from 'node:fs';
import path from 'node:path';

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const TEXT_FILES = /\.(ts|ya?ml|json|md)$/;

/** Copies the template into actions/<name>, filling in the name; refuses bad names and existing folders. */
export function scaffoldAction(name: string, options: { root: string; template?: string }): string {
  if (!NAME.test(name) || name.length > 40) {
    throw new Error(
      `"${name}" is not a good action name: use lowercase letters, digits and single hyphens, ` +
        'starting with a letter, at most 40 characters (e.g. deploy-ecs)',
    );
  }
  const target = path.join(options.root, 'actions', name);
  if (fs.existsSync(target))
    throw new Error(`actions/${name} already exists; pick another name or remove it first`);
  const template = options.template ?? path.join(options.root, 'action-templates', 'node-action');
  const title = name
    .split('-')
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
  fs.cpSync(template, target, {
    recursive: true,
    filter: (src) => !/node_modules|[\\/]dist([\\/]|$)/.test(src),
  });
  for (const rel of fs.readdirSync(target, { recursive: true }) as string[]) {
    const file = path.join(target, rel);
    if (!fs.statSync(file).isFile() || !TEXT_FILES.test(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replaceAll('__ACTION_NAME__', name).replaceAll('__ACTION_TITLE__', title));
  }
  return target;
}
