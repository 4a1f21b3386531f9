// The one line a failed application story ends with: which file and field of the repository to
// change, read from the first step that went wrong.
import { describe, expect, it } from '@jest/globals';
import { appStories } from '../src/app/app-stories.js';
import type { DeployTarget } from '../src/app/deploy-targets.js';
import { whatToChange } from '../src/app/what-to-change.js';
import type { JobRecord, StepRecord } from '../src/workflow-runner/index.js';

const staging: DeployTarget = {
  caller: 'cd.yml',
  job: 'deploy-staging',
  environment: 'staging',
  uses: 'acme/shipline/.github/workflows/reusable-deploy.yml@v1',
  inputs: { 'task-definition': '.github/task-definitions/staging.json', cluster: 'c', services: 's' },
  readsVariables: { 'smoke-url': ['STAGING_URL'] },
  refs: ['refs/heads/develop', 'refs/heads/main'],
};
const [good, crashing, slow] = appStories([staging]);

const step = (id: string, outcome: StepRecord['outcome'], error = ''): StepRecord => ({
  job: id === 'build' ? 'build' : 'deploy',
  step: id,
  id,
  kind: 'action',
  outcome,
  durationMs: 1,
  outputs: {},
  errors: error ? [error] : [],
});
const jobs = (...steps: StepRecord[]): JobRecord[] => [
  { id: 'deploy', result: 'failure', outputs: {}, steps, durationMs: 1 },
];

describe('what to change after a story that did not end as it should', () => {
  it('a good release whose tasks fail their health check: the task definition health check command', () => {
    const line = whatToChange(
      good!,
      staging,
      jobs(step('deploy', 'failure', 'Task failed container health checks')),
    );
    expect(line).toMatch(
      /^\.github\/task-definitions\/staging\.json: containerDefinitions\[name=app\]\.healthCheck\.command/,
    );
  });

  it('a good release whose app exits: the Dockerfile CMD or the command', () => {
    expect(
      whatToChange(good!, staging, jobs(step('deploy', 'failure', 'Essential container in task exited'))),
    ).toMatch(
      /^Dockerfile CMD \(or .*staging\.json containerDefinitions\[name=app\]\.command\): the app exits at start/,
    );
  });

  it('an image that does not build: the Dockerfile', () => {
    expect(whatToChange(good!, staging, jobs(step('build', 'failure', 'COPY failed')))).toBe(
      'Dockerfile: the image does not build: COPY failed',
    );
  });

  it('a crash ECS did not catch, and a slow release the smoke test let through', () => {
    expect(whatToChange(crashing!, staging, jobs(step('deploy', 'success')))).toMatch(
      /must be essential and have a healthCheck/,
    );
    expect(whatToChange(slow!, staging, jobs(step('deploy', 'success'), step('smoke', 'success')))).toMatch(
      /^\.github\/workflows\/cd\.yml deploy-staging: its smoke test let 800 ms answers through/,
    );
  });

  it('a call that never ran: its if: and needs:', () => {
    expect(whatToChange(good!, staging, [])).toMatch(/cd\.yml deploy-staging: the call did not run/);
  });
});
