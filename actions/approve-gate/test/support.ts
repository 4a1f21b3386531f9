// Running the bundled approve-gate against FakeGitHubIssues on 127.0.0.1, and the scripted comments of an approver.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoLeaks, runAction, type RunActionOptions, type RunResult } from '@shipline/action-harness';
import {
  FakeGitHubIssues,
  type LoggedRequest,
  type ScriptStep,
} from '@shipline/local-services/github-issues';

export const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOKEN = 'ghs_approveGateTestToken0123456789';
export const SHA = 'b1d5781111d84f7b3fe45a0852e59758cd7a87e5';

/** Runs the bundled action against a fake GitHub; fast intervals unless the test says otherwise. */
export async function runGate(
  github: FakeGitHubIssues,
  inputs: Record<string, string>,
  options: Partial<RunActionOptions> & { actor?: string } = {},
): Promise<RunResult> {
  const result = await runAction({
    actionDir,
    inputs: { 'poll-interval': '1s', timeout: '20s', ...inputs },
    secrets: [TOKEN],
    timeoutMs: 60_000,
    ...options,
    context: {
      repository: 'acme/shop',
      sha: SHA,
      ref: 'refs/heads/main',
      actor: options.actor ?? 'dev-dana',
      runId: 4242,
      eventName: 'push',
      event: { before: 'a'.repeat(40), after: SHA },
      apiUrl: github.url,
      token: TOKEN,
      ...options.context,
    },
  });
  expectNoLeaks(result);
  return result;
}

/** The gate's reads of issue comments so far, one per page asked, in the order they were answered. */
export const commentReads = (github: FakeGitHubIssues): LoggedRequest[] =>
  github.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'));

/**
 * When a scripted step happens: this many ms of real time after the issue was opened, or once
 * the fake has seen what the gate asked (`afterCommentReads`), however slow the machine. A test
 * whose verdict depends on which of the gate's reads sees a comment must use the latter.
 */
export type When = number | ((github: FakeGitHubIssues) => boolean);

/** Once the gate has had `n` reads of the comments answered (each page one): the step shows from read n + 1. */
export const afterCommentReads =
  (n: number) =>
  (github: FakeGitHubIssues): boolean =>
    commentReads(github).length >= n;

/** A step that runs `run` at `when`. */
export function at(when: When, run: ScriptStep['run']): ScriptStep {
  return typeof when === 'number' ? { afterMs: when, run } : { afterMs: 0, when, run };
}

/** One step that happens at `when` (ms after the issue was opened, or a condition): someone comments. */
export function says(when: When, login: string, body: string): ScriptStep {
  return at(when, (api, issue) => void api.comment(issue, login, body));
}

export async function withGitHub(test: (github: FakeGitHubIssues) => Promise<void>): Promise<void> {
  const github = await new FakeGitHubIssues().start();
  try {
    await test(github);
  } finally {
    await github.stop();
  }
}
