// action.yml and the contract agree on every input and output name (the README tables are
// checked for every action by test/action-docs.test.ts).
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
});
