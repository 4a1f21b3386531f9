// action.yml, the README and the contract agree on every input and output name.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { actionDir } from './support.js';

const manifest = parse(fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: Record<string, string>;
};
const readme = fs.readFileSync(path.join(actionDir, 'README.md'), 'utf8');

function tableNames(heading: string): string[] {
  const section = readme.split(`## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `([^`]+)` +\|/gm)].map((m) => m[1] as string);
}

const INPUTS = [
  'mode',
  'token',
  'approvers',
  'minimum-approvals',
  'approve-words',
  'deny-words',
  'allow-self-approval',
  'environment',
  'version',
  'issue-labels',
  'target-repository',
  'timeout',
  'poll-interval',
];
const OUTPUTS = ['status', 'approvers', 'issue-number', 'issue-url', 'decided-at'];

describe('approve-gate interface', () => {
  it('action.yml declares the contract, with a post step that is bundled', () => {
    expect(Object.keys(manifest.inputs)).toEqual(INPUTS);
    expect(Object.keys(manifest.outputs)).toEqual(OUTPUTS);
    expect(manifest.inputs.timeout?.default).toBe('6h');
    expect(manifest.inputs.token?.default).toBe('${{ github.token }}');
    expect(manifest.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
      'post-if': 'always()',
    });
    expect(fs.existsSync(path.join(actionDir, 'dist', 'post.js'))).toBe(true);
  });

  it('the README documents the same inputs and outputs, in the same order, with the same defaults', () => {
    expect(tableNames('Inputs')).toEqual(INPUTS);
    expect(tableNames('Outputs')).toEqual(OUTPUTS);
    for (const [name, input] of Object.entries(manifest.inputs)) {
      if (input.default === undefined) continue;
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\``));
      expect(row).toContain(`\`${input.default}\``);
    }
  });
});
