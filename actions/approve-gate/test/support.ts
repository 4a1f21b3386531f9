// Running the bundled approve-gate against FakeGitHubIssues on 127.0.0.1, and the scripted comments of an approver.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoLeaks, runAction, type RunActionOptions, type RunResult } from '@shipline/action-harness';
import { FakeGitHubIssues } from '@shipline/local-services/github-issues';

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

/** One step that happens this long after the issue was opened: someone comments. */
export function says(afterMs: number, login: string, body: string) {
  return {
    afterMs,
    run: (api: FakeGitHubIssues, issue: Parameters<FakeGitHubIssues['comment']>[0]) =>
      void api.comment(issue, login, body),
  };
}

export async function withGitHub(test: (github: FakeGitHubIssues) => Promise<void>): Promise<void> {
  const github = await new FakeGitHubIssues().start();
  try {
    await test(github);
  } finally {
    await github.stop();
  }
}
