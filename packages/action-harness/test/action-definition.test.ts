// What an action.yml means to the runner: pre-if/post-if conditions, input defaults with expressions, inputs, the manifest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { resolveInputs } from '../src/inputs.js';
import { evaluateCondition, evaluateTemplate, inputEnvName, loadActionManifest } from '../src/index.js';

const contexts = {
  github: { repository: 'acme/shop', token: 'ghs_x', event: { pull_request: { number: 7 } } },
  runner: { os: 'Linux' },
  env: { STAGE: 'prod' },
  job: { status: 'success' },
};

describe('evaluateCondition (pre-if / post-if)', () => {
  it('evaluates the status functions against the job status', () => {
    const table = ['success', 'failure', 'cancelled'] as const;
    const results = table.map((status) =>
      ['always()', 'success()', 'failure()', 'cancelled()'].map((c) =>
        evaluateCondition(c, contexts, status),
      ),
    );
    expect(results).toEqual([
      [true, true, false, false],
      [true, false, true, false],
      [true, false, false, true],
    ]);
  });

  it('implies success() when the condition uses no status function, like the runner', () => {
    expect(evaluateCondition("runner.os == 'Linux'", contexts, 'success')).toBe(true);
    expect(evaluateCondition("runner.os == 'Linux'", contexts, 'failure')).toBe(false);
    expect(evaluateCondition("${{ always() && runner.os == 'linux' }}", contexts, 'failure')).toBe(true);
    expect(evaluateCondition("runner.os == 'Windows'", contexts, 'success')).toBe(false);
  });

  it('names the expression when it cannot be evaluated', () => {
    expect(() => evaluateCondition('secrets.X', contexts, 'success')).toThrow(/Cannot evaluate expression/);
  });
});

describe('evaluateTemplate (input defaults)', () => {
  it('replaces each ${{ }} with its value as a string', () => {
    expect(evaluateTemplate('${{ github.repository }}', contexts)).toBe('acme/shop');
    expect(evaluateTemplate('pr-${{ github.event.pull_request.number }}-${{ env.STAGE }}', contexts)).toBe(
      'pr-7-prod',
    );
    expect(evaluateTemplate("${{ format('{0}}}', 'x') }}!", contexts)).toBe('x}!');
    expect(evaluateTemplate('${{ github.nothing }}', contexts)).toBe('');
    expect(evaluateTemplate('plain', contexts)).toBe('plain');
  });
});

describe('inputs', () => {
  it('names INPUT_ variables as the runner does: upper case, spaces to _, hyphens kept', () => {
    expect(inputEnvName('task-definition')).toBe('INPUT_TASK-DEFINITION');
    expect(inputEnvName('display name')).toBe('INPUT_DISPLAY_NAME');
  });

  it('applies defaults, matches names case-insensitively and reports what the runner reports', () => {
    const declared = [
      { name: 'token', required: false, default: '${{ github.token }}' },
      { name: 'cluster', required: true },
      { name: 'old-flag', required: false, deprecationMessage: 'use new-flag' },
    ];
    const result = resolveInputs(declared, { Cluster: 'c1', 'old-flag': true, extra: 1 }, contexts);
    expect(result.values).toEqual({ Cluster: 'c1', 'old-flag': 'true', extra: '1', token: 'ghs_x' });
    expect(result.warnings).toEqual([
      "Input 'old-flag' has been deprecated with message: use new-flag",
      "Unexpected input(s) 'extra', valid inputs are ['token', 'cluster', 'old-flag']",
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(resolveInputs(declared, {}, contexts).diagnostics).toEqual([
      'Input required and not supplied: cluster (the runner does not check this; the action must)',
    ]);
  });
});

describe('loadActionManifest', () => {
  const dirs: string[] = [];
  const actionWith = (yml: string, files: string[] = []) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'action.yaml'), yml);
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), '');
    }
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('reads runs, the default conditions and the inputs', () => {
    const dir = actionWith(
      'name: X\ninputs:\n  a b:\n    required: true\nruns:\n  using: node20\n  main: dist/index.js\n  post: dist/post.js\n  post-if: failure()\n',
      ['dist/index.js', 'dist/post.js'],
    );
    expect(loadActionManifest(dir)).toMatchObject({
      using: 'node20',
      main: 'dist/index.js',
      pre: undefined,
      post: 'dist/post.js',
      preIf: 'always()',
      postIf: 'failure()',
      inputs: [{ name: 'a b', required: true }],
    });
  });

  it('refuses anything but a node runtime, and entry points that are not built', () => {
    expect(() => loadActionManifest(actionWith("runs:\n  using: docker\n  image: 'Dockerfile'\n"))).toThrow(
      /runs.using is 'docker': the harness runs JavaScript actions only \(node20, node24\)/,
    );
    expect(() => loadActionManifest(actionWith('runs:\n  using: node24\n  main: dist/index.js\n'))).toThrow(
      /runs.main points at dist\/index.js, which does not exist/,
    );
  });
});
