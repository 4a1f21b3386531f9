// reusable-deploy's migration (migrate-command): run-task's step and deploy-ecs's inputs evaluated by
// GitHub's expression evaluator, the first-service shell step run by bash: the migration runs on the
// revision deploy-ecs then deploys, and a failed one deploys nothing, pages nobody and tells Slack.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { JobStatus } from '@shipline/action-harness';
import {
  deployStep as step,
  deployWorkflow as workflow,
  ran,
  runs,
  withOf,
  type Outcome,
} from './support/deploy-job-expressions.js';

type Map = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MIGRATED = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-production:8';
const REASON =
  'Task x failed: container app exited with code 3.\nLast 2 log line(s) of app:\n  migrating\n  error: column exists';

function contexts(
  migrateCommand: string,
  migrate: Outcome,
  status: JobStatus,
  deploy: Outcome = 'skipped',
): Map {
  return {
    env: { PAGERDUTY_ENABLED: 'true', SLACK_ENABLED: 'true' },
    inputs: {
      environment: 'production',
      version: 'v2.0.0',
      services: 'web,worker',
      cluster: 'prod',
      'container-name': 'app',
      'task-definition': '.github/task-definitions/production.json',
      'migrate-command': migrateCommand,
      'migrate-timeout': '20m',
      'deploy-timeout': '20m',
    },
    needs: { build: { outputs: { 'image-ref': 'shop@sha256:1' } } },
    github: { sha: 'abc123', run_id: '77' },
    secrets: {},
    job: { status },
    steps: {
      order: ran('success', { skip: 'false' }),
      'migrate-network': ran(migrate === 'skipped' ? 'skipped' : 'success', { service: 'web' }),
      migrate: ran(
        migrate,
        migrate === 'skipped'
          ? {}
          : {
              'task-definition-arn': MIGRATED,
              ...(migrate === 'failure' ? { 'failure-reason': REASON } : {}),
            },
      ),
      deploy: ran(deploy),
      smoke: ran(deploy === 'success' ? 'success' : 'skipped'),
      rollback: ran('skipped'),
      'smoke-restored': ran('skipped'),
      page: ran('skipped'),
      'notify-started': ran('success', { ts: '' }),
    },
  };
}

describe('reusable-deploy: migrate-command', () => {
  it('is an input, empty by default (no migration), with its own timeout', () => {
    const inputs = workflow.on.workflow_call.inputs as Map;
    expect(inputs['migrate-command']).toMatchObject({ type: 'string', default: '' });
    expect(inputs['migrate-timeout']).toMatchObject({ type: 'string', default: '20m' });
  });

  it('empty: no run-task step runs, deploy-ecs renders the file as before', () => {
    const c = contexts('', 'skipped', 'success');
    expect([runs('migrate-network', c, 'success'), runs('migrate', c, 'success')]).toEqual([false, false]);
    expect(runs('deploy', c, 'success')).toBe(true);
    expect(withOf('deploy', c)).toMatchObject({
      'task-definition': '.github/task-definitions/production.json',
      'task-definition-arn': '',
      'container-images': 'app=shop@sha256:1',
      'container-env': 'app:APP_VERSION=v2.0.0',
    });
  });

  it("set: run-task renders what deploy-ecs would (file, image, APP_VERSION) with the first service's network", () => {
    const c = contexts('npm run migrate', 'skipped', 'success');
    expect(runs('migrate', c, 'success')).toBe(true);
    const without = withOf('deploy', contexts('', 'skipped', 'success'));
    expect(withOf('migrate', c)).toEqual({
      cluster: 'prod',
      service: 'web',
      'task-definition': without['task-definition'],
      'container-images': without['container-images'],
      'task-definition-env': without['container-env'],
      container: 'app',
      command: 'npm run migrate',
      timeout: '20m',
      'started-by': 'shipline-migrate-77',
    });
  });

  it('after a migration, deploy-ecs deploys the revision it ran on, as it is (nothing rendered again)', () => {
    const c = contexts('npm run migrate', 'success', 'success');
    expect(runs('deploy', c, 'success')).toBe(true);
    expect(withOf('deploy', c)).toMatchObject({
      'task-definition-arn': MIGRATED,
      'task-definition': '',
      'container-images': '',
      'container-env': '',
    });
  });

  it.each([
    ['web', 'web'],
    [' api , worker', 'api'],
    ['api\nworker', 'api'],
  ])('the first service of %j is %j', (services, first) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-network-'));
    const output = path.join(dir, 'output');
    const ran = spawnSync('bash', ['-e', '-c', String(step('migrate-network').run)], {
      env: { PATH: process.env.PATH, SERVICES: services, GITHUB_OUTPUT: output },
      encoding: 'utf8',
    });
    expect(ran.status).toBe(0);
    expect(fs.readFileSync(output, 'utf8')).toBe(`service=${first}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('failed: nothing deployed or smoke-tested, nobody paged, no change event; Slack gets the last log lines', () => {
    const c = contexts('npm run migrate', 'failure', 'failure');
    for (const id of ['deploy', 'smoke', 'record', 'rollback', 'smoke-restored', 'page', 'resolve', 'change'])
      expect([id, runs(id, c, 'failure')]).toEqual([id, false]);
    expect(runs('notify-result', c, 'failure')).toBe(true);
    const slack = withOf('notify-result', c);
    expect(slack.status).toBe('failure');
    expect(slack.title).toBe('Not deployed to production (the migration failed)');
    expect(slack.text).toBe(
      `The migration failed: nothing was deployed; production still runs the previous version.\n${REASON}`,
    );
  });

  it('cancelled during the migration: Slack says its task was stopped and nothing deployed', () => {
    const c = contexts('npm run migrate', 'cancelled', 'cancelled');
    expect(runs('deploy', c, 'cancelled')).toBe(false);
    expect(withOf('notify-result', c).text).toMatch(
      /^Cancelled during the migration: its task was stopped; nothing was deployed\./,
    );
  });

  // Every ending of the migration step, each with the job status it leaves.
  const ENDINGS: [string, Outcome, JobStatus][] = [
    ['', 'skipped', 'success'],
    ['npm run migrate', 'success', 'success'],
    ['npm run migrate', 'failure', 'failure'],
    ['npm run migrate', 'cancelled', 'cancelled'],
  ];
  it.each(ENDINGS)(
    'command %j, migration %s: deploy-ecs runs only after none or a passed one, with one source',
    (command, migrate, status) => {
      const c = contexts(command, migrate, status);
      expect(runs('migrate', c, 'success')).toBe(command !== '');
      const deploys = runs('deploy', c, status);
      expect(deploys).toBe(migrate === 'skipped' || migrate === 'success');
      if (!deploys) {
        for (const id of ['smoke', 'record', 'rollback', 'smoke-restored', 'page', 'change'])
          expect([id, runs(id, c, status)]).toEqual([id, false]);
      } else {
        const given = withOf('deploy', c);
        expect([given['task-definition'], given['task-definition-arn']].filter(Boolean)).toHaveLength(1);
      }
      expect(runs('notify-result', c, status)).toBe(true);
      expect((withOf('notify-result', c).title ?? '').includes('the migration failed')).toBe(
        migrate === 'failure',
      );
    },
  );

  it('a good migration changes nothing of the ending: Slack says deployed', () => {
    const c = contexts('npm run migrate', 'success', 'success', 'success');
    const slack = withOf('notify-result', c);
    expect([slack.title, slack.text]).toEqual(['', 'Deployed and smoke-tested.']);
  });
});
