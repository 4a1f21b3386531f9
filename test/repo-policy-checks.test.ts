// The required status checks of both policy files against the checks their CI workflows really
// report on a pull request: a required check that no workflow produces blocks every merge forever.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { parsePolicy, type RepoPolicy } from '../scripts/configure-repo/repo-policy.js';
import { matrixCombinations, pullRequestChecks } from './support/check-names.js';
import { allWorkflows, type SourceFile } from './support/workflow-files.js';

const read = (rel: string): SourceFile => ({
  path: rel,
  content: fs.readFileSync(path.join(repoRoot, rel), 'utf8'),
});

/** Each required context of the policy that the workflows do not report, as `branch: context`. */
function missingChecks(policy: RepoPolicy, produced: string[]): string[] {
  return [...policy.branches].flatMap(([branch, rule]) =>
    rule.statusChecks.checks
      .filter((c) => !produced.includes(c.context))
      .map((c) => `${branch}: ${c.context}`),
  );
}

const PAIRS = [
  ['.github/repository-policy.yml', '.github/workflows/ci.yml'],
  ['workflows/repository-policy.yml', 'workflows/ci.yml'],
] as const;

describe('required status checks', () => {
  it.each(PAIRS)('every check %s requires is reported by %s on a pull request', (policyFile, ciFile) => {
    const policy = parsePolicy(read(policyFile).content, policyFile);
    const produced = pullRequestChecks([read(ciFile)]);
    expect(produced.length).toBeGreaterThan(0);
    expect(missingChecks(policy, produced)).toEqual([]);
    expect([...policy.branches.values()].some((b) => b.statusChecks.checks.length > 0)).toBe(true);
  });

  it.each(PAIRS.map(([policyFile]) => policyFile))(
    '%s accepts its checks from GitHub Actions (app 15368) only',
    (policyFile) => {
      const policy = parsePolicy(read(policyFile).content, policyFile);
      for (const [branch, rule] of policy.branches)
        for (const check of rule.statusChecks.checks)
          expect({ branch, ...check }).toEqual({ branch, context: check.context, integration_id: 15368 });
    },
  );

  it('names the checks as GitHub does: matrix values, reusable calls as "caller / called"', () => {
    expect(pullRequestChecks([read('.github/workflows/ci.yml')])).toEqual([
      'lint',
      'typecheck',
      'check-dist',
      'Workflow checks',
      'Tests',
      'Rehearsal of the deploy pipeline',
      'Actions as a workflow uses them',
    ]);
    expect(pullRequestChecks([read('workflows/ci.yml')])).toEqual(['CI / Lint, audit, test, build']);
    // cd.yml and hotfix.yml run on push and by hand: they report nothing on a pull request.
    expect(
      pullRequestChecks(allWorkflows().filter((w) => /workflows\/(cd|hotfix)\.yml$/.test(w.path))),
    ).toEqual([]);
    const matrix = (name: string) =>
      pullRequestChecks([
        {
          path: 'm.yml',
          content: `on: pull_request\njobs:\n  build:\n${name}    strategy:\n      matrix:\n        node: [22, 24]\n        os: [ubuntu]\n        exclude: [{ node: 22 }]\n        include: [{ node: 20, os: windows }]\n    steps: []\n`,
        },
      ]);
    expect(matrix('')).toEqual(['build (24, ubuntu)', 'build (20, windows)']);
    expect(matrix('    name: Node ${{ matrix.node }}\n')).toEqual(['Node 24', 'Node 20']);
  });

  it('a check name a workflow does not produce is reported', () => {
    const policy = parsePolicy(
      read('.github/repository-policy.yml').content.replaceAll('context: Tests,', 'context: Test,'),
    );
    expect(missingChecks(policy, pullRequestChecks([read('.github/workflows/ci.yml')]))).toEqual([
      'main: Test',
      'develop: Test',
      'hotfix/*: Test',
    ]);
    const renamedJob = read('workflows/ci.yml');
    renamedJob.content = renamedJob.content.replace('  ci:\n    name: CI\n', '  ci:\n    name: Build\n');
    const template = parsePolicy(read('workflows/repository-policy.yml').content);
    expect(missingChecks(template, pullRequestChecks([renamedJob]))).toEqual([
      'main: CI / Lint, audit, test, build',
      'develop: CI / Lint, audit, test, build',
      'hotfix/*: CI / Lint, audit, test, build',
    ]);
  });

  it('matrix combinations: product, exclude, include', () => {
    expect(matrixCombinations({ strategy: { matrix: { a: [1, 2], b: ['x'] } } })).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
    ]);
    expect(matrixCombinations({})).toEqual([]);
  });
});
