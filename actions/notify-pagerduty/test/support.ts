// Test helpers for notify-pagerduty: the action folder, a run context, one page step, the key hidden.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoLeaks, runAction, type RunResult } from '@shipline/action-harness';
import type { PagerDutyStandIn } from '@shipline/local-services/pagerduty';

export const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export const context = {
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  actor: 'octocat',
  runId: 4242,
  serverUrl: 'https://github.com',
};

/**
 * Runs the bundled action against the stand-in with its routing key. The key goes in as a plain
 * `with:` value unless `asSecret`: the action must mask it itself.
 */
export async function page(
  pd: PagerDutyStandIn,
  inputs: Record<string, string>,
  more: { asSecret?: boolean } = {},
): Promise<RunResult> {
  const run = await runAction({
    actionDir,
    inputs: { 'routing-key': pd.routingKey, 'events-url': pd.url, ...inputs },
    secrets: more.asSecret ? [pd.routingKey] : [],
    context,
  });
  expectNoLeaks(run);
  expectKeyHidden(run, pd.routingKey);
  return run;
}

/**
 * The key in no output, not in the summary, not in the action's log lines, not in any annotation.
 * (The runner's own `with:` header shows inputs as given: a workflow passes the key as a secret.)
 */
export function expectKeyHidden(run: RunResult, key: string): void {
  const actionLog = run.log.split('##[endgroup]').slice(1).join('\n');
  const shown = [actionLog, run.summary, ...Object.values(run.outputs), ...run.errors, ...run.warnings].join(
    '\n',
  );
  if (shown.includes(key) || shown.includes(key.slice(0, 16))) {
    throw new Error(
      'the routing key (or its first half) is readable in the log, summary, outputs or annotations',
    );
  }
}
