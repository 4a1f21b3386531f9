// build-and-push interface: action.yml and the source agree on every input and output name (the
// README tables are checked for every action by test/action-docs.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TAGS } from '@shipline/docker';
import { parse } from 'yaml';
import { actionDir } from './helpers.js';

const manifest = parse(fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string; required?: boolean; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: Record<string, string>;
};
const source = fs
  .readdirSync(path.join(actionDir, 'src'))
  .map((file) => fs.readFileSync(path.join(actionDir, 'src', file), 'utf8'))
  .join('\n');

const ISSUE_INPUTS = [
  'context',
  'dockerfile',
  'image',
  'tags',
  'labels',
  'build-args',
  'secrets',
  'target',
  'platforms',
  'push',
  'registry-type',
  'username',
  'password',
  'cache',
  'skip-existing',
  'retries',
];
const ISSUE_OUTPUTS = ['image', 'digest', 'image-ref', 'tags', 'skipped', 'metadata'];

describe('build-and-push interface', () => {
  it('action.yml declares exactly the inputs and outputs of the issue', () => {
    expect(Object.keys(manifest.inputs)).toEqual(ISSUE_INPUTS);
    expect(Object.keys(manifest.outputs)).toEqual(ISSUE_OUTPUTS);
    expect(manifest.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
      'post-if': 'always()',
    });
    expect(fs.existsSync(path.join(actionDir, 'dist', 'post.js'))).toBe(true);
  });

  it('the defaults in action.yml are the ones the code falls back to', () => {
    expect(manifest.inputs.context?.default).toBe('.');
    expect(manifest.inputs.push?.default).toBe('true');
    expect(manifest.inputs.cache?.default).toBe('none');
    expect(manifest.inputs['skip-existing']?.default).toBe('true');
    expect(manifest.inputs.retries?.default).toBe('3');
    // No moving tag by default: an immutable ECR repository takes every push (packages/docker DEFAULT_TAGS).
    expect(manifest.inputs.tags?.default?.trim().split('\n')).toEqual(DEFAULT_TAGS);
    expect(source).toContain("readEnum('cache', CACHE_MODES, { default: 'none'");
    expect(source).toContain("readInteger('retries', { default: 3, min: 0, max: 10 })");
    expect(manifest.inputs.image?.required).toBe(true);
  });

  it('the source reads every declared input and sets every declared output', () => {
    const read = new Set(
      [
        ...source.matchAll(/read(?:String|Boolean|Enum|Integer|List|Map|WorkspacePath)\('([a-z-]+)'/g),
        ...source.matchAll(/core\.getInput\('([a-z-]+)'\)/g),
      ].map((m) => m[1]),
    );
    expect([...read].sort()).toEqual([...ISSUE_INPUTS].sort());
    // report.ts's outputs record, which main publishes with publishReport.
    const outputs = source.split('function outputs(')[1]?.split('\n}\n')[0] ?? '';
    const set = [...outputs.matchAll(/^ {4}'?([a-z-]+)'?:/gm)].map((m) => m[1]);
    expect(set).toEqual(ISSUE_OUTPUTS);
  });
});
