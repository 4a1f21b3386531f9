// What a bundled action evaluates before it needs it costs CPU at every start, on every runner.
// @actions/core brought its OIDC client, with @actions/http-client and undici (~30 ms of CPU), into
// every action at start though none asks for a token; patches/@actions__core@3.0.1.patch defers it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const probe = path.join(repoRoot, 'test', 'fixtures', 'undici-probe.cjs');

/** Starts an action's bundle with no inputs (it stops at input validation) and asks the probe. */
function undiciAtStart(action: string): string {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'actions', action, 'dist', 'index.js')], {
    env: { PATH: process.env.PATH, NODE_OPTIONS: `--require ${probe}` },
    encoding: 'utf8',
  });
  expect(run.status).not.toBe(0);
  return /undici evaluated: (yes|no)/.exec(run.stderr)?.[1] ?? `no answer from the probe: ${run.stderr}`;
}

describe('what a bundled action evaluates at start', () => {
  // These talk to ECS (the AWS SDK's own HTTP handler), Slack, PagerDuty or the app with fetch.
  it.each(['deploy-ecs', 'rollback', 'run-task', 'smoke-test', 'notify-slack', 'notify-pagerduty'])(
    '%s: no HTTP client library before it sends anything',
    (action) => {
      expect(undiciAtStart(action)).toBe('no');
    },
  );

  // Octokit and the cache service take @actions/http-client, and undici with it, at start.
  it.each(['approve-gate', 'build-and-push'])('%s: the probe answers (undici is theirs)', (action) => {
    expect(undiciAtStart(action)).toBe('yes');
  });
});
