// The environments and the promotion, proven by evaluation of the installed templates: the optional
// development deploy, staging's optional QA gate, production promoting what staging verified (and
// refusing what it did not), a hotfix building its own image, and the order check's skip.
import { describe, expect, it } from '@jest/globals';
import { templateWorkflows } from './support/workflow-files.js';
import { APPROVED, outcomeOf, planEvent, type JobRun } from './support/workflow-runs.js';

const templates = templateWorkflows();
const main = { name: 'push', branch: 'main' } as const;
const develop = { name: 'push', branch: 'develop' } as const;
const job = (runs: JobRun[], id: string) => runs.find((r) => r.job === id)!;

describe('environments', () => {
  it('development deploys only once DEV_ECS_CLUSTER is set, from develop, without approval', () => {
    expect(outcomeOf(planEvent(templates, develop)).deploys).toEqual([
      { environment: 'staging', approval: false },
    ]);
    const withDev = planEvent(templates, develop, { vars: { DEV_ECS_CLUSTER: 'shop-dev' } });
    expect(outcomeOf(withDev).deploys).toEqual([
      { environment: 'dev', approval: false },
      { environment: 'staging', approval: false },
    ]);
    const mainWithDev = planEvent(templates, main, { vars: { DEV_ECS_CLUSTER: 'shop-dev' } });
    expect(outcomeOf(mainWithDev).deploys.map((d) => d.environment)).toEqual(['staging', 'production']);
  });

  it.each(['issue', 'environment'])('STAGING_APPROVAL=%s puts a QA gate before staging', (mode) => {
    const runs = planEvent(templates, develop, { vars: { STAGING_APPROVAL: mode } });
    expect(outcomeOf(runs).deploys).toEqual([{ environment: 'staging', approval: true }]);
    const gate = mode === 'issue' ? 'deploy-staging/approve' : 'deploy-staging/deploy-reviewed';
    expect(job(runs, gate).runs).toBe(true);
  });

  it('a QA denial on main stops staging, and production with it', () => {
    const runs = planEvent(templates, main, {
      vars: { STAGING_APPROVAL: 'issue' },
      answers: { ...APPROVED, 'approve-gate': { status: 'denied' } },
    });
    expect(outcomeOf(runs).deploys).toEqual([]);
    expect(job(runs, 'deploy-production').result).toBe('skipped');
  });
});

describe('promotion', () => {
  it('production on main builds nothing: it takes the image staging verified for the commit', () => {
    const runs = planEvent(templates, main);
    expect(job(runs, 'deploy-staging/build').actions).toContainEqual(
      expect.stringMatching(/\/actions\/build-and-push$/),
    );
    expect(job(runs, 'deploy-production/build').actions).toEqual([]);
  });

  it('a commit staging did not verify is refused: production does not deploy, Slack hears why', () => {
    const runs = planEvent(templates, main, { failing: ['promote'] });
    expect(outcomeOf(runs).deploys).toEqual([{ environment: 'staging', approval: false }]);
    expect(job(runs, 'deploy-production/build').result).toBe('failure');
    expect(job(runs, 'deploy-production/notify-blocked').runs).toBe(true);
  });

  it('a staging deploy that fails leaves production alone', () => {
    const runs = planEvent(templates, main, { results: { 'deploy-staging/deploy': 'failure' } });
    expect(job(runs, 'deploy-staging').result).toBe('failure');
    expect(job(runs, 'deploy-production').result).toBe('skipped');
    expect(outcomeOf(runs).deploys.map((d) => d.environment)).toEqual(['staging']);
  });

  it('a hotfix builds its own image: the one production deploy staging need not verify', () => {
    const runs = planEvent(templates, { name: 'workflow_dispatch', branch: 'hotfix/y' });
    expect(job(runs, 'deploy-production/build').actions).toContainEqual(
      expect.stringMatching(/\/actions\/build-and-push$/),
    );
    expect(job(runs, 'deploy-production/build').result).toBe('success');
  });
});

describe('order', () => {
  it('when a newer commit runs in the environment, the deploy job runs but deploys nothing', () => {
    const runs = planEvent(templates, develop, { answers: { ...APPROVED, order: { skip: 'true' } } });
    expect(job(runs, 'deploy-staging/deploy')).toMatchObject({ runs: true, result: 'success' });
    expect(outcomeOf(runs).deploys).toEqual([]);
  });
});

describe('manual rollback', () => {
  it.each(['production', 'staging'])(
    'a Rollback run for %s rolls back inside that environment (its protection holds it), then smoke-tests',
    (environment) => {
      const runs = planEvent(templates, {
        name: 'workflow_dispatch',
        branch: 'main',
        workflow: 'rollback.yml',
        inputs: { environment },
      });
      expect(runs.map((r) => `${r.workflow}:${r.job}@${r.environment}`)).toEqual([
        `workflows/rollback.yml:rollback@${environment}`,
      ]);
      expect(job(runs, 'rollback').actions.map((a) => a.split('/').pop())).toEqual([
        'configure-aws-credentials',
        'rollback',
        'smoke-test',
      ]);
    },
  );
});
