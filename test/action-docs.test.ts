// Every action's README documents exactly the inputs and outputs its action.yml declares, in the
// same order, with the same defaults: the tables people read cannot drift from what runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const actionsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'actions');
const actions = fs
  .readdirSync(actionsDir)
  .filter((name) => fs.existsSync(path.join(actionsDir, name, 'action.yml')))
  .sort();

/** The rows (first column name → whole row) of the markdown table under `## <heading>`. */
function tableRows(readme: string, heading: string): Map<string, string> {
  const section = readme.split(`## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return new Map([...section.matchAll(/^\| `([^`]+)` +\|.*$/gm)].map((m) => [m[1] as string, m[0]]));
}

describe.each(actions)('%s: README and action.yml agree', (name) => {
  const manifest = parse(fs.readFileSync(path.join(actionsDir, name, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: string }>;
    outputs?: Record<string, unknown>;
  };
  const readme = fs.readFileSync(path.join(actionsDir, name, 'README.md'), 'utf8');

  it('inputs: the same names, in the same order, each default shown', () => {
    const rows = tableRows(readme, 'Inputs');
    expect([...rows.keys()]).toEqual(Object.keys(manifest.inputs ?? {}));
    for (const [input, spec] of Object.entries(manifest.inputs ?? {})) {
      if (spec.default === undefined || spec.default === '' || spec.default.includes('\n')) continue;
      expect(`${input}: ${rows.get(input)}`).toContain(`\`${spec.default}\``);
    }
  });

  it('outputs: the same names, in the same order', () => {
    expect([...tableRows(readme, 'Outputs').keys()]).toEqual(Object.keys(manifest.outputs ?? {}));
  });
});
