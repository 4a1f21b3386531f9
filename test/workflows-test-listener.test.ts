// reusable-deploy's test-listener check (test-url) under GitHub's expression evaluator: with a test
// URL deploy-ecs stops at the test hook, smoke-test checks the test URL, and the resume step
// continues only when that passed — failed, skipped or cancelled, it rolls back at the hook; Slack
// then says production never served the new version. Without one nothing of it runs.
import { describe, expect, it } from '@jest/globals';
import { evaluateTemplate, type JobStatus } from '@shipline/action-harness';
import {
  deployWorkflow as workflow,
  ran,
  runs,
  withOf,
  type Outcome,
} from './support/deploy-job-expressions.js';

type Map = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const HOOKS = '[{"service":"web","hookId":"ecs-pause-1"}]';

function contexts(
  testUrl: string,
  green: Outcome,
  resume: Outcome,
  resumeRolledBack: boolean,
  status: JobStatus,
): Map {
  return {
    env: { PAGERDUTY_ENABLED: 'true', SLACK_ENABLED: 'true' },
    inputs: {
      environment: 'production',
      version: 'v2.0.0',
      services: 'web',
      cluster: 'prod',
      strategy: 'blue-green',
      'test-url': testUrl,
      'deploy-timeout': '30m',
      'on-cancel': 'rollback',
      'smoke-checks': '',
      'smoke-version-from': 'header:x-app-version',
      'smoke-url': 'https://shop.example.com',
    },
    needs: { build: { outputs: { 'image-ref': 'shop@sha256:1' } } },
    github: { sha: 'abc123', run_id: '77' },
    secrets: {},
    job: { status },
    steps: {
      order: ran('success', { skip: 'false' }),
      migrate: ran('skipped'),
      deploy: ran(
        'success',
        testUrl ? { hooks: HOOKS, 'test-url': testUrl, 'rollout-state': 'IN_PROGRESS' } : {},
      ),
      'smoke-green': ran(green, green === 'failure' ? { 'failure-reason': 'GET / answered 500' } : {}),
      resume: ran(resume, { 'rolled-back': String(resumeRolledBack) }),
      smoke: ran('skipped'),
      rollback: ran('skipped'),
      'smoke-restored': ran('success'),
      page: ran('skipped'),
      'notify-started': ran('success', { ts: '' }),
    },
  };
}

describe('reusable-deploy: strategy and the test-listener check', () => {
  it('strategy and test-url are inputs (keep and empty by default), passed to deploy-ecs', () => {
    const inputs = workflow.on.workflow_call.inputs as Map;
    expect(inputs.strategy).toMatchObject({ type: 'string', default: 'keep' });
    expect(inputs['test-url']).toMatchObject({ type: 'string', default: '' });
    const c = contexts('https://shop.example.com:8443', 'success', 'success', false, 'success');
    expect(withOf('deploy', c)).toMatchObject({
      strategy: 'blue-green',
      until: 'test-traffic',
      'test-url': 'https://shop.example.com:8443',
    });
    expect(withOf('deploy', contexts('', 'skipped', 'skipped', false, 'success')).until).toBe('completed');
  });

  it('without a test URL neither the green smoke test nor the resume step runs', () => {
    const c = contexts('', 'skipped', 'skipped', false, 'success');
    expect([
      runs('smoke-green', c, 'success'),
      runs('resume', c, 'success'),
      runs('resume', c, 'failure'),
    ]).toEqual([false, false, false]);
  });

  it.each([
    ['success', 'success', 'continue'],
    ['failure', 'failure', 'rollback'],
    ['cancelled', 'cancelled', 'rollback'],
    ['skipped', 'failure', 'rollback'],
  ] as const)('green smoke test %s (job %s): the resume step runs and says %s', (green, status, action) => {
    const c = contexts('https://shop.example.com:8443', green, 'skipped', false, status);
    expect(
      runs('smoke-green', contexts('https://t', 'skipped', 'skipped', false, 'success'), 'success'),
    ).toBe(true);
    expect(withOf('smoke-green', c).url).toBe('https://shop.example.com:8443');
    expect(runs('resume', c, status)).toBe(true);
    expect(withOf('resume', c)).toEqual({
      cluster: 'prod',
      service: 'web',
      'continue-hooks': HOOKS,
      'hook-action': action,
      timeout: '30m',
      'rollback-on-failure': 'true',
      'on-cancel': 'rollback',
    });
  });

  it('cancelled while the resume step moves production: Slack says the rollback was started', () => {
    const c = contexts('https://shop.example.com:8443', 'success', 'cancelled', true, 'cancelled');
    c.steps.resume.outputs['rollout-state'] = 'CANCELLED';
    c.steps['smoke-restored'] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
    expect(withOf('notify-result', c).text).toMatch(
      /^Cancelled while production traffic moved to the new version: the rollback/,
    );
  });

  it('a failed green smoke test: Slack says production never served it, with the check that failed', () => {
    const c = contexts('https://shop.example.com:8443', 'failure', 'failure', true, 'failure');
    expect(runs('smoke', c, 'failure')).toBe(false);
    expect(runs('smoke-restored', c, 'failure')).toBe(true);
    const text = withOf('notify-result', c).text!;
    expect(text).toMatch(
      /^The new version failed its smoke test on the test listener: .*production never served it\./,
    );
    expect(text).toContain('GET / answered 500');
    expect(runs('page', c, 'failure')).toBe(false);
    expect(evaluateTemplate(workflow.jobs.deploy.outputs['rolled-back'], c)).toBe('true');
  });
});
