// Reading and validating a JavaScript action's metadata file (action.yml / action.yaml).

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const NODE_RUNTIMES = ['node20', 'node24'];

export interface ActionInput {
  name: string;
  required: boolean;
  /** The raw default, which may hold `${{ }}` expressions. */
  default?: string;
  deprecationMessage?: string;
}

export interface ActionManifest {
  name: string;
  file: string;
  using: string;
  main: string;
  pre?: string;
  post?: string;
  preIf: string;
  postIf: string;
  inputs: ActionInput[];
  outputs: string[];
}

function fail(file: string, problem: string): never {
  throw new Error(`${file}: ${problem}`);
}

function scalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryPoint(file: string, actionDir: string, runs: Record<string, unknown>, key: string) {
  const value = runs[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(file, `runs.${key} must be a file path`);
  if (!fs.existsSync(path.join(actionDir, value))) {
    fail(file, `runs.${key} points at ${value}, which does not exist (is the action built?)`);
  }
  return value;
}

export function loadActionManifest(actionDir: string): ActionManifest {
  const file = ['action.yml', 'action.yaml']
    .map((name) => path.join(actionDir, name))
    .find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`No action.yml or action.yaml in ${actionDir}`);
  const doc: unknown = parse(fs.readFileSync(file, 'utf8'));
  if (!isRecord(doc)) fail(file, 'not a YAML mapping');
  const runs = doc.runs;
  if (!isRecord(runs)) fail(file, 'runs is missing');

  const using = scalar(runs.using) ?? fail(file, 'runs.using is missing');
  if (!NODE_RUNTIMES.includes(using.toLowerCase())) {
    fail(
      file,
      `runs.using is '${using}': the harness runs JavaScript actions only (${NODE_RUNTIMES.join(', ')}); ` +
        'composite and docker actions are not supported',
    );
  }
  const main = entryPoint(file, actionDir, runs, 'main') ?? fail(file, 'runs.main is missing');

  const inputs: ActionInput[] = [];
  if (doc.inputs !== undefined && doc.inputs !== null) {
    if (!isRecord(doc.inputs)) fail(file, 'inputs must be a mapping');
    for (const [name, spec] of Object.entries(doc.inputs)) {
      const input = isRecord(spec) ? spec : {};
      inputs.push({
        name,
        required: input.required === true || scalar(input.required) === 'true',
        default: scalar(input.default),
        deprecationMessage: scalar(input.deprecationMessage),
      });
    }
  }
  return {
    name: scalar(doc.name) ?? path.basename(actionDir),
    file,
    using: using.toLowerCase(),
    main,
    pre: entryPoint(file, actionDir, runs, 'pre'),
    post: entryPoint(file, actionDir, runs, 'post'),
    preIf: scalar(runs['pre-if']) ?? 'always()',
    postIf: scalar(runs['post-if']) ?? 'always()',
    inputs,
    outputs: isRecord(doc.outputs) ? Object.keys(doc.outputs) : [],
  };
}
