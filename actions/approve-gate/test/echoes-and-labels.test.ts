// What GitHub (or a caller) sends back must not leak or inject: a token echoed in a 500 body stays
// out of the failure summary, a one-line input with a line break is refused before any call, and a
// request that got no answer is not labelled as a server error (issue #15: findings 1, 3, 5).
import { describe, expect, it } from '@jest/globals';
import { runGate, TOKEN, withGitHub } from './support.js';

describe('approve-gate: echoes, injections and labels (bundled dist against a local GitHub API)', () => {
  it('keeps a token that GitHub echoes in a 500 body out of the failure summary and the log', () =>
    withGitHub(async (github) => {
      const echo = { status: 500, body: { message: `Server Error for Authorization: token ${TOKEN}` } };
      github.fail(/^GET .*\/approvals$/, echo, echo, echo);
      const run = await runGate(github, { mode: 'environment', environment: 'production' });
      expect(run.exitCode).toBe(1);
      expect(run.summary).toMatch(/approve-gate \(environment\): failed/);
      expect(run.summary).toContain('HTTP 500: Server Error for Authorization: token ***');
      expect(run.summary + JSON.stringify(run.outputs)).not.toContain(TOKEN);
      const printed = run.stages.flatMap((s) => s.stdout.split('\n'));
      expect(printed.filter((line) => !line.startsWith('::add-mask::'))).not.toContainEqual(
        expect.stringContaining(TOKEN),
      );
    }));

  it('refuses an environment with a line break before any call, so no forged ::error:: line appears', () =>
    withGitHub(async (github) => {
      const run = await runGate(github, {
        mode: 'environment',
        environment: 'production\n::error title=forged::approved by nobody',
      });
      expect(run.exitCode).toBe(1);
      expect(run.errors.join('\n')).toMatch(
        /Input 'environment' has a line break \(CR or LF\): a good value is one line/,
      );
      expect(run.commands.filter((c) => c.properties.title === 'forged')).toEqual([]);
      expect(github.requests).toEqual([]);
    }));

  it(
    'the post step calls a request that got no answer a timeout, not "HTTP 500"',
    () =>
      withGitHub(async (github) => {
        // main is cancelled while waiting and cannot close the issue (the close stalls); the post
        // step's read of the issue stalls past its 15 s request timeout and gets no answer at all.
        const stall = { status: 200, delayMs: 60_000 };
        github.fail(/^PATCH .*\/issues\/\d+$/, stall);
        github.fail(/^GET .*\/issues\/\d+$/, stall);
        // Cancelled as soon as the issue is open: the fake runs script steps once it is.
        const cancel = new AbortController();
        github.script = [{ afterMs: 0, run: () => cancel.abort() }];
        const run = await runGate(github, { approvers: 'alice' }, { signal: cancel.signal });
        expect(run.conclusion).toBe('cancelled');
        const post = run.stages.find((s) => s.stage === 'post');
        expect(post?.log).toMatch(/Could not close .*failed with no answer \(request timeout\)/);
        expect(post?.log).not.toMatch(/HTTP 500/);
      }),
    90_000,
  );
});
