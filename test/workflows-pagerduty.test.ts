// reusable-deploy's PagerDuty steps, their `if:` and `with:` evaluated by GitHub's expression
// evaluator over the outcomes of the steps before them: which endings page, resolve, record a change.
import { describe, expect, it } from '@jest/globals';
import { evaluateCondition, evaluateTemplate, type JobStatus } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';
import { allWorkflows } from './support/workflow-files.js';

type Map = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const file = (name: string) => allWorkflows().find((w) => w.path === name)!;
const deployWorkflow = parseYaml(file('.github/workflows/reusable-deploy.yml').content) as Map;
const steps = deployWorkflow.jobs.deploy.steps as Map[];
const step = (id: string) => steps.find((s) => s.id === id)!;

type Outcome = 'success' | 'failure' | 'skipped' | 'cancelled';
interface Ending {
  status: JobStatus;
  deploy: Outcome;
  deployOutputs?: Map;
  smoke?: Outcome;
  rollback?: Outcome;
  smokeRestored?: Outcome;
  page?: Outcome;
}

function contexts(ending: Ending, pagerduty = true): Map {
  const outcome = (o: Outcome | undefined) => ({
    outcome: o ?? 'skipped',
    conclusion: o ?? 'skipped',
    outputs: {},
  });
  return {
    env: { PAGERDUTY_ENABLED: String(pagerduty), SLACK_ENABLED: 'false' },
    inputs: {
      environment: 'production',
      version: 'v2.0.0',
      services: 'web',
      cluster: 'prod',
      'pagerduty-events-url': '',
    },
    github: { sha: 'abc123' },
    secrets: { PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000' },
    job: { status: ending.status },
    steps: {
      deploy: { ...outcome(ending.deploy), outputs: ending.deployOutputs ?? {} },
      smoke: outcome(ending.smoke),
      rollback: outcome(ending.rollback),
      'smoke-restored': outcome(ending.smokeRestored),
      page: outcome(ending.page),
    },
  };
}

/** Which PagerDuty steps run at this ending, in the job's order (page decided first). */
function pagerDutySteps(ending: Ending, pagerduty = true): string[] {
  const page = evaluateCondition(step('page').if, contexts(ending, pagerduty), ending.status);
  const after = { ...ending, page: page ? ('success' as const) : ('skipped' as const) };
  return ['page', 'resolve', 'change'].filter((id) =>
    id === 'page' ? page : evaluateCondition(step(id).if, contexts(after, pagerduty), ending.status),
  );
}

const good: Ending = {
  status: 'success',
  deploy: 'success',
  deployOutputs: { 'rollout-state': 'COMPLETED' },
  smoke: 'success',
};
const rolledBackHealthy: Ending = {
  status: 'failure',
  deploy: 'success',
  deployOutputs: { 'rollout-state': 'COMPLETED' },
  smoke: 'failure',
  rollback: 'success',
  smokeRestored: 'success',
};
const restoredFailsToo: Ending = { ...rolledBackHealthy, smokeRestored: 'failure' };
const rollbackFailed: Ending = { ...rolledBackHealthy, rollback: 'failure', smokeRestored: 'skipped' };
const breakerRolledBack: Ending = {
  status: 'failure',
  deploy: 'failure',
  deployOutputs: { 'rollout-state': 'FAILED', 'rolled-back': 'true' },
  smokeRestored: 'success',
};
const notRolledBack: Ending = {
  status: 'failure',
  deploy: 'failure',
  deployOutputs: { 'rollout-state': 'TIMED_OUT', 'rolled-back': 'false' },
};
const refusedInput: Ending = { status: 'failure', deploy: 'failure', deployOutputs: {} };

describe('reusable-deploy pages the on-call only when the environment is left down', () => {
  it.each<[string, Ending, string[]]>([
    ['a good deploy resolves any open alert and records a change', good, ['resolve', 'change']],
    [
      'a bad release rolled back to a healthy version resolves, no page',
      rolledBackHealthy,
      ['resolve', 'change'],
    ],
    [
      'ECS rolled back and the restored version passes: resolve, no page',
      breakerRolledBack,
      ['resolve', 'change'],
    ],
    ['the restored version fails its smoke test too: page', restoredFailsToo, ['page', 'change']],
    ['the rollback itself failed: page', rollbackFailed, ['page', 'change']],
    ['a failed rollout deploy-ecs could not roll back: page', notRolledBack, ['page', 'change']],
    ['deploy-ecs refused its input (nothing changed): nothing sent', refusedInput, []],
  ])('%s', (_, ending, expected) => {
    expect(pagerDutySteps(ending)).toEqual(expected);
  });

  it('without pagerduty: true (staging) or without the routing key, nothing is sent', () => {
    for (const ending of [good, restoredFailsToo, rollbackFailed, notRolledBack]) {
      expect(pagerDutySteps(ending, false)).toEqual([]);
    }
    const env = deployWorkflow.jobs.deploy.env as Map;
    const enabled = (pagerduty: boolean, key: string) =>
      evaluateTemplate(env.PAGERDUTY_ENABLED, {
        inputs: { pagerduty },
        secrets: { PAGERDUTY_ROUTING_KEY: key },
      });
    expect(enabled(true, 'R0UTINGKEY0000000000000000000000')).toBe('true');
    expect(enabled(true, '')).toBe('false');
    expect(enabled(false, 'R0UTINGKEY0000000000000000000000')).toBe('false');
  });

  it('a cancelled run neither pages nor resolves', () => {
    const cancelled: Ending = {
      status: 'cancelled',
      deploy: 'cancelled',
      deployOutputs: { 'rollout-state': 'CANCELLED' },
    };
    expect(pagerDutySteps(cancelled)).toEqual(['change']);
  });

  it('the page is critical, names why, and shares its dedup key with the resolve (repository and environment)', () => {
    const page = step('page').with;
    expect(page['event-action']).toBe('trigger');
    expect(page.severity).toBe('critical');
    expect(page['dedup-key']).toBeUndefined();
    expect(step('resolve').with['dedup-key']).toBeUndefined();
    expect(page.environment).toBe(step('resolve').with.environment);
    const summary = (ending: Ending) => evaluateTemplate(page.summary, contexts(ending)).trim();
    expect(summary(restoredFailsToo)).toBe(
      'production is down after deploying v2.0.0: the restored version fails its smoke test',
    );
    expect(summary(rollbackFailed)).toMatch(/: the rollback failed$/);
    expect(summary(notRolledBack)).toMatch(/: the failed rollout was not rolled back$/);
    expect(page['fail-on-error']).toBeUndefined(); // the action's default: a page that did not go out fails
    expect(step('resolve').with['fail-on-error']).toBe(false);
    expect(step('change').with['fail-on-error']).toBe(false);
  });

  it("the events URL is PagerDuty's unless the caller points it elsewhere", () => {
    const url = (given: string) =>
      evaluateTemplate(step('page').with['events-url'], { inputs: { 'pagerduty-events-url': given } });
    expect(url('')).toBe('https://events.pagerduty.com');
    expect(url('http://127.0.0.1:4610')).toBe('http://127.0.0.1:4610');
  });

  it('deploy-reviewed runs the same PagerDuty steps (aliases)', () => {
    const reviewed = (deployWorkflow.jobs['deploy-reviewed'].steps as Map[]).map((s) => s.id);
    expect(reviewed).toEqual(expect.arrayContaining(['page', 'resolve', 'change']));
    expect(reviewed.indexOf('page')).toBeLessThan(reviewed.indexOf('notify-result'));
  });
});

describe('templates: production pages (at the events URL the repository may set), staging never does', () => {
  for (const name of ['workflows/cd.yml', 'workflows/hotfix.yml']) {
    it(name, () => {
      const jobs = (parseYaml(file(name).content) as Map).jobs as Map;
      for (const job of Object.values(jobs)) {
        if (!String(job.uses ?? '').includes('reusable-deploy.yml')) continue;
        const production = job.with.environment === 'production';
        expect(job.with.pagerduty === true).toBe(production);
        expect(job.secrets.PAGERDUTY_ROUTING_KEY !== undefined).toBe(production);
        expect(job.with['pagerduty-events-url'] !== undefined).toBe(production);
        if (!production) continue;
        // An optional variable (PagerDuty's EU region, the rehearsal's stand-in): unset is PagerDuty's own.
        const eventsUrl = (vars: Map) => {
          const given = evaluateTemplate(job.with['pagerduty-events-url'], { vars });
          return evaluateTemplate(step('page').with['events-url'], {
            inputs: { 'pagerduty-events-url': given },
          });
        };
        expect(eventsUrl({})).toBe('https://events.pagerduty.com');
        const eu = 'https://events.eu.pagerduty.com';
        expect(eventsUrl({ PAGERDUTY_EVENTS_URL: eu })).toBe(eu);
      }
    });
  }
});

describe('what the page and Slack say when the environment is left down', () => {
  const withReasons = (ending: Ending, reasons: Map): Map => {
    const c = contexts(ending);
    for (const [id, reason] of Object.entries(reasons))
      c.steps[id].outputs = { ...c.steps[id].outputs, ...reason };
    return c;
  };

  it("the page's failure reason is the restored version's failed checks, then deploy-ecs's reason", () => {
    const c = withReasons(restoredFailsToo, {
      'smoke-restored': { 'failure-reason': 'health: status 500 (expected 200)' },
      smoke: { 'failure-reason': 'health: p95 900 ms over 500 ms' },
    });
    expect(evaluateTemplate(step('page').with['failure-reason'], c).trim()).toBe(
      'health: status 500 (expected 200)',
    );
    const rollbackOnly = withReasons(rollbackFailed, {
      smoke: { 'failure-reason': 'health: p95 900 ms over 500 ms' },
    });
    expect(evaluateTemplate(step('page').with['failure-reason'], rollbackOnly).trim()).toBe(
      'health: p95 900 ms over 500 ms',
    );
  });

  it('Slack says the environment is left down and the on-call was paged, or that the restored version fails too', () => {
    const text = (ending: Ending, page: Outcome) =>
      evaluateTemplate(String(step('notify-result').with.text), {
        ...contexts({ ...ending, page }),
      }).split('\n')[0];
    expect(text(restoredFailsToo, 'success')).toBe(
      'production is left down: the restored version failed its smoke test or the rollback failed; the on-call was paged.',
    );
    expect(text(restoredFailsToo, 'skipped')).toBe(
      'Rolled back, but the restored version fails its smoke test too.',
    );
    expect(text(rolledBackHealthy, 'skipped')).toBe(
      'Rolled back: the previous version serves again and passed its smoke test.',
    );
  });
});
