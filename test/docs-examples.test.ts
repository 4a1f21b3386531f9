// Every example in the docs uses only inputs that exist: each ```yaml block of README.md,
// workflows/README.md, docs/*.md and actions/*/README.md is parsed, and each step that uses one of
// our actions (`…/actions/<name>@…` or `./actions/<name>`) may pass only inputs its action.yml
// declares; each job calling a reusable workflow (`…/reusable-*.yml@…`) only the inputs and secrets
// its workflow_call declares.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../scripts/lib/actions.js';

type Map = Record<string, unknown>;
const isMap = (value: unknown): value is Map =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const readYaml = (file: string) =>
  parseAllDocuments(fs.readFileSync(path.join(repoRoot, file), 'utf8'))[0]!.toJS() as Map;
const keys = (value: unknown) => (isMap(value) ? Object.keys(value) : []);

const ACTIONS = fs
  .readdirSync(path.join(repoRoot, 'actions'))
  .filter((name) => fs.existsSync(path.join(repoRoot, 'actions', name, 'action.yml')));
const actionInputs = Object.fromEntries(
  ACTIONS.map((name) => [name, keys(readYaml(`actions/${name}/action.yml`).inputs)]),
);
const WORKFLOWS = fs
  .readdirSync(path.join(repoRoot, '.github/workflows'))
  .filter((f) => /^reusable-.*\.yml$/.test(f));
const workflowCall = Object.fromEntries(
  WORKFLOWS.map((file) => {
    const on = readYaml(`.github/workflows/${file}`).on as Map;
    const call = on.workflow_call as Map;
    return [file, { inputs: keys(call.inputs), secrets: keys(call.secrets) }];
  }),
);

const DOC_FILES = [
  'README.md',
  'workflows/README.md',
  ...fs
    .readdirSync(path.join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...ACTIONS.map((name) => `actions/${name}/README.md`).filter((f) => fs.existsSync(path.join(repoRoot, f))),
];

interface Block {
  /** file:line of the block's first line. */
  where: string;
  text: string;
}

/** The ```yaml (or ```yml) blocks of a markdown text. */
function yamlBlocks(file: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ya?ml\s*$/.test(lines[i]!)) continue;
    const indent = /^\s*/.exec(lines[i]!)![0].length;
    const end = lines.findIndex((line, j) => j > i && /^\s*```\s*$/.test(line));
    blocks.push({
      where: `${file}:${i + 2}`,
      text: lines
        .slice(i + 1, end)
        .map((l) => l.slice(indent))
        .join('\n'),
    });
    i = end;
  }
  return blocks;
}

/** Every map in a parsed YAML tree. */
function* maps(value: unknown): Generator<Map> {
  if (Array.isArray(value)) for (const item of value) yield* maps(item);
  else if (isMap(value)) {
    yield value;
    for (const item of Object.values(value)) yield* maps(item);
  }
}

/** What an example gets wrong: unknown `with:` or `secrets:` keys, unknown actions or workflows. */
function exampleProblems(block: Block): string[] {
  const problems: string[] = [];
  const docs = parseAllDocuments(block.text);
  if (docs.some((doc) => doc.errors.length > 0))
    return [
      `${block.where}: does not parse as YAML: ${docs.flatMap((d) => d.errors)[0]!.message.split('\n')[0]}`,
    ];
  for (const map of docs.flatMap((doc) => [...maps(doc.toJS())])) {
    if (typeof map.uses !== 'string') continue;
    const unknown = (given: unknown, declared: string[], what: string, of: string) =>
      keys(given)
        .filter((key) => !declared.includes(key))
        .forEach((key) =>
          problems.push(`${block.where}: ${of} has no ${what} '${key}' (it has: ${declared.join(', ')})`),
        );
    // OWNER/REPO/actions/<name>@ref or ./actions/<name>; OWNER/REPO/.github/workflows/reusable-*.yml@ref.
    const action = /^(?:\.|[\w.-]+\/[\w.-]+)\/actions\/([a-z0-9-]+)\/?(?:@|$)/.exec(map.uses)?.[1];
    const workflow = /^(?:\.|[\w.-]+\/[\w.-]+)\/\.github\/workflows\/(reusable-[a-z-]+\.yml)(?:@|$)/.exec(
      map.uses,
    )?.[1];
    if (action !== undefined) {
      const declared = actionInputs[action];
      if (!declared)
        problems.push(`${block.where}: uses ${map.uses}, but there is no actions/${action}/action.yml`);
      else unknown(map.with, declared, 'input', `actions/${action}`);
    } else if (workflow !== undefined) {
      const declared = workflowCall[workflow];
      if (!declared)
        problems.push(`${block.where}: uses ${map.uses}, but .github/workflows/${workflow} does not exist`);
      else {
        unknown(map.with, declared.inputs, 'input', workflow);
        if (map.secrets !== 'inherit') unknown(map.secrets, declared.secrets, 'secret', workflow);
      }
    }
  }
  return problems;
}

describe('docs examples', () => {
  const blocks = DOC_FILES.flatMap((file) =>
    yamlBlocks(file, fs.readFileSync(path.join(repoRoot, file), 'utf8')),
  );

  it('are found: a yaml block in every action README and steps using our actions', () => {
    for (const name of ACTIONS) {
      expect(blocks.some((b) => b.where.startsWith(`actions/${name}/README.md:`))).toBe(true);
      expect(blocks.some((b) => new RegExp(`/actions/${name}@`).test(b.text))).toBe(true);
    }
    expect(blocks.some((b) => /\/reusable-deploy\.yml@/.test(b.text))).toBe(true);
    expect(blocks.length).toBeGreaterThan(20);
  });

  it('pass only inputs (and secrets) that the action or reusable workflow they use declares', () => {
    expect(blocks.flatMap(exampleProblems)).toEqual([]);
  });

  it('catch an unknown input, an unknown secret, a missing action and a block that does not parse', () => {
    const check = (text: string) => exampleProblems({ where: 'x.md:1', text });
    expect(
      check('- uses: OWNER/REPO/actions/deploy-ecs@v1\n  with:\n    image: x\n    service: web\n'),
    ).toEqual([
      expect.stringMatching(/^x\.md:1: actions\/deploy-ecs has no input 'image' \(it has: cluster, service,/),
    ]);
    expect(
      check(
        'jobs:\n  cd:\n    uses: acme/shipline/.github/workflows/reusable-deploy.yml@v1\n    secrets:\n      SLACK_TOKEN: x\n',
      ),
    ).toEqual([expect.stringMatching(/reusable-deploy\.yml has no secret 'SLACK_TOKEN'/)]);
    expect(check('- uses: ./actions/deploy-eks\n')).toEqual([
      expect.stringMatching(/no actions\/deploy-eks\/action\.yml/),
    ]);
    expect(check('- uses: actions/checkout@v5\n  with:\n    anything: 1\n')).toEqual([]);
    expect(check('with: [unclosed\n')).toEqual([expect.stringMatching(/does not parse as YAML/)]);
  });
});
