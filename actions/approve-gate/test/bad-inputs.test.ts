// Bad inputs through the bundled dist/: each fails naming the input, before any API call.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHubIssues } from '@shipline/local-services/github-issues';
import { runGate } from './support.js';

let github: FakeGitHubIssues;
beforeAll(async () => {
  github = await new FakeGitHubIssues().start();
});
afterAll(() => github.stop());

const cases: { inputs: Record<string, string>; input: string; problem: RegExp }[] = [
  {
    inputs: { mode: 'approval', approvers: 'alice' },
    input: 'mode',
    problem: /is not one of: issue, environment/,
  },
  { inputs: {}, input: 'approvers', problem: /is required when 'mode' is issue/ },
  {
    inputs: { approvers: 'alice, not a user!' },
    input: 'approvers',
    problem: /neither a user login nor an org\/team/,
  },
  {
    inputs: { approvers: 'alice', 'minimum-approvals': 'two' },
    input: 'minimum-approvals',
    problem: /not a whole number/,
  },
  {
    inputs: { approvers: 'alice', 'minimum-approvals': '0' },
    input: 'minimum-approvals',
    problem: /below the minimum 1/,
  },
  {
    inputs: { approvers: 'alice, @Alice, ALICE', 'minimum-approvals': '2' },
    input: 'minimum-approvals',
    problem: /is 2 but only 1 listed approver\(s\) may approve/,
  },
  {
    inputs: { approvers: 'alice', timeout: '25h' },
    input: 'timeout',
    problem: /is 25h 00m.*longer than the 24h 00m a workflow token \(github.token\) lives/,
  },
  {
    inputs: { approvers: 'alice, dev-dana', 'minimum-approvals': '2' },
    input: 'minimum-approvals',
    problem:
      /is 2 but only 1 listed approver\(s\) may approve \(the run's initiator dev-dana may not approve\)/,
  },
  {
    inputs: { approvers: 'alice', 'approve-words': 'yes, ok', 'deny-words': 'no, OK!' },
    input: 'deny-words',
    problem: /shares \["ok"\] with 'approve-words'/,
  },
  {
    inputs: { approvers: 'alice', 'approve-words': 'approve, !!!' },
    input: 'approve-words',
    problem: /only of punctuation/,
  },
  {
    inputs: { approvers: 'alice', 'allow-self-approval': 'yes' },
    input: 'allow-self-approval',
    problem: /not a boolean/,
  },
  { inputs: { approvers: 'alice', timeout: '6' }, input: 'timeout', problem: /has no unit/ },
  { inputs: { approvers: 'alice', timeout: '0s' }, input: 'timeout', problem: /shorter than allowed/ },
  {
    inputs: { approvers: 'alice', 'poll-interval': '500ms' },
    input: 'poll-interval',
    problem: /shorter than allowed/,
  },
  {
    inputs: { approvers: 'alice', 'target-repository': 'acme' },
    input: 'target-repository',
    problem: /must be owner\/repo/,
  },
  {
    inputs: { approvers: 'alice', 'issue-labels': `deploy, ${'x'.repeat(51)}` },
    input: 'issue-labels',
    problem: /a label of 1-50/,
  },
  {
    inputs: { approvers: 'alice', version: 'v1\nv2' },
    input: 'version',
    problem: /has a line break \(CR or LF\): a good value is one line/,
  },
  { inputs: { approvers: 'alice', token: '' }, input: 'token', problem: /is required/ },
  {
    inputs: { mode: 'environment' },
    input: 'environment',
    problem: /is required when 'mode' is environment/,
  },
  {
    inputs: { mode: 'environment', environment: 'production', 'target-repository': 'acme/ops' },
    input: 'target-repository',
    problem: /does not apply when 'mode' is environment/,
  },
];

describe('approve-gate bad inputs (bundled dist)', () => {
  it.each(cases)('$input: $problem', async ({ inputs, input, problem }) => {
    const before = github.requests.length;
    const run = await runGate(github, inputs);
    expect(run.exitCode).toBe(1);
    const error = run.commands.find(
      (c) => c.command === 'error' && c.properties.title === `Bad input: ${input}`,
    );
    expect(error?.message).toMatch(problem);
    expect(error?.message).toMatch(/Example of a good value: \S/);
    expect(run.errors.join('\n')).toMatch(/input\(s\) are not valid; nothing was changed/);
    expect(github.requests.length).toBe(before);
    expect(run.outputs).toEqual({});
  });

  it('reports every bad input of a run at once', async () => {
    const run = await runGate(github, {
      approvers: 'alice',
      timeout: 'soon',
      'poll-interval': 'often',
      mode: 'x',
    });
    const titles = run.commands.filter((c) => c.command === 'error').map((c) => c.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Bad input: timeout', 'Bad input: poll-interval', 'Bad input: mode']),
    );
  });
});
