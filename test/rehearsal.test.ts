// The README's first command, end to end: every story through the real reusable-deploy.yml.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { rehearse, type TimelineEntry } from '@shipline/rehearsal';
import { parse, stringify } from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workflowFile = path.join(repoRoot, '.github', 'workflows', 'reusable-deploy.yml');

const afterAllRemove: string[] = [];
afterAll(() => afterAllRemove.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Rehearses one story against a copy of reusable-deploy.yml whose `job` lacks the steps `drop` picks. */
async function rehearseWithout(job: string, drop: (id: string) => boolean, story: string) {
  const workflow = parse(fs.readFileSync(workflowFile, 'utf8')) as {
    jobs: Record<string, { steps: { id?: string }[] }>;
  };
  workflow.jobs[job]!.steps = workflow.jobs[job]!.steps.filter((s) => !(s.id && drop(s.id)));
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rehearsal-broken-')), 'deploy.yml');
  fs.writeFileSync(broken, stringify(workflow));
  afterAllRemove.push(path.dirname(broken));
  return rehearse({ repoRoot, workflowFile: broken, stories: [story], noDocker: true, write: () => {} });
}

const stepsOf = (timeline: TimelineEntry[], story: string) =>
  timeline.filter((e) => e.story === story).map((e) => `${e.job}: ${e.step}: ${e.outcome}`);

describe('pnpm rehearse', () => {
  it('plays every story, each ending as it should, with a readable timeline', async () => {
    let printed = '';
    const result = await rehearse({ repoRoot, write: (text) => (printed += text) });
    // A story that ends otherwise is diagnosed from its timeline (steps, their lines and reasons),
    // which the problems alone do not give: printed to the CI log only then.
    if (result.results.some((r) => !r.passed)) process.stdout.write(printed);
    expect(result.results.map((r) => [r.story.name, r.passed, r.problems])).toEqual([
      ['good-release', true, []],
      ['crashing-release', true, []],
      ['slow-release', true, []],
      ['production-down', true, []],
      ['promote-to-production', true, []],
      ['hotfix', true, []],
      ['stale-run', true, []],
      ['cancelled-deploy', true, []],
      ['manual-rollback', true, []],
      ['failed-migration', true, []],
      ['cancelled-migration', true, []],
      ['blue-green-bad-release', true, []],
      ['canary-alarm', true, []],
      ['multi-service-rollback', true, []],
      ['multi-service-manual-rollback', true, []],
      ['qa-denied', true, []],
    ]);
    expect(result.passed).toBe(true);

    const good = stepsOf(result.timeline, 'good-release');
    expect(good).toEqual(
      expect.arrayContaining([
        'build: Build and push the image: success',
        'deploy: Notify Slack (started): success',
        'deploy: Run the migration (new revision): success',
        'deploy: Deploy to ECS: success',
        'deploy: Smoke test the new version: success',
        'deploy: Roll back (smoke test failed): skipped',
        'deploy: Notify Slack (result): success',
      ]),
    );
    // In order: started before deploy, deploy before smoke, smoke before the result.
    const order = [
      'Notify Slack (started)',
      'Run the migration (new revision)',
      'Deploy to ECS',
      'Smoke test the new version',
      'Notify Slack (result)',
    ];
    const positions = order.map((step) => good.findIndex((line) => line.includes(`: ${step}:`)));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    // Production waits for the environment's reviewers: approval: environment runs deploy-reviewed.
    expect(stepsOf(result.timeline, 'crashing-release')).toEqual(
      expect.arrayContaining([
        'deploy-reviewed: Record the environment approval: success',
        'deploy-reviewed: Deploy to ECS: failure',
        'deploy-reviewed: Smoke test the new version: skipped',
        'deploy-reviewed: Smoke test the restored version: success',
        'deploy-reviewed: Notify Slack (result): success',
      ]),
    );
    expect(stepsOf(result.timeline, 'slow-release')).toEqual(
      expect.arrayContaining([
        'deploy: Smoke test the new version: failure',
        'deploy: Roll back (smoke test failed): success',
        'deploy: Smoke test the restored version: success',
      ]),
    );
    // main deploys staging first (which passes), then promotes to production, where it crashes.
    const crash = result.timeline.find(
      (e) => e.story === 'crashing-release' && e.job === 'deploy-reviewed' && e.step === 'Deploy to ECS',
    );
    expect(crash?.note).toMatch(/rolled back to shop-web-production:1 by ECS/);
    const slow = result.timeline.find(
      (e) => e.story === 'slow-release' && e.step === 'Smoke test the new version',
    );
    expect(slow?.note).toMatch(/did not pass/);
    // smoke-test's limit is its default 500 ms plus the allowance measured before that call.
    const allowances = [...printed.matchAll(/at least \d+ ms: by (\d+) ms/g)].map((m) => Number(m[1]));
    const limit = Number(/p95 \d+ ms is over max-p95-ms (\d+)/.exec(printed)?.[1]);
    expect(allowances).toContain(limit - 500);
    expect(printed).toMatch(/slack ← :x: .*Deploy failed/);
    expect(printed).toMatch(/Essential container in task exited; app exit 137/);
    expect(printed).toMatch(
      /cd\.yml: job deploy-production calls reusable-deploy\.yml with environment=production, approval=environment/,
    );
    expect(printed).toMatch(/github: @release-manager approved the deployment to production/);
    expect(printed).toMatch(/\| slow-release +\| staging +\|.*\| pass +\|/);

    // production-down: both smoke tests fail and the on-call is paged; the fix resolves the page.
    const wentDown = stepsOf(result.timeline, 'production-down');
    expect(wentDown).toEqual(
      expect.arrayContaining([
        'deploy-reviewed: Smoke test the new version: failure',
        'deploy-reviewed: Roll back (smoke test failed): success',
        'deploy-reviewed: Smoke test the restored version: failure',
        'deploy-reviewed: Page the on-call (left down): success',
        'deploy-reviewed: Resolve the on-call alert (serving again): skipped',
        'deploy-reviewed: Record the deploy on the PagerDuty timeline: success',
      ]),
    );
    expect(stepsOf(result.timeline, 'production-down/recovery')).toEqual(
      expect.arrayContaining([
        'deploy-reviewed: Smoke test the new version: success',
        'deploy-reviewed: Page the on-call (left down): skipped',
        'deploy-reviewed: Resolve the on-call alert (serving again): success',
        'deploy-reviewed: Record the deploy on the PagerDuty timeline: success',
      ]),
    );
    const down = result.results.find((r) => r.story.name === 'production-down')!;
    const [paged, fixed] = down.releases;
    expect(down.releases.map((r) => r.label)).toEqual(['production-down', 'production-down/recovery']);
    expect(paged?.onCall.alert).toMatchObject({
      dedupKey: 'acme/shop/production',
      status: 'triggered',
      severity: 'critical',
      summary: expect.stringMatching(
        /^production is down after deploying [0-9a-f]{40}: the restored version fails/,
      ),
    });
    expect(fixed?.onCall.alert).toMatchObject({ status: 'resolved', actions: ['trigger', 'resolve'] });
    const changes = (r: typeof paged) => r?.onCall.events.filter((e) => e.endpoint === 'change').length;
    expect([changes(paged), changes(fixed)]).toEqual([1, 1]);
    expect(printed).toMatch(
      /pagerduty ← trigger critical acme\/shop\/production: production is down after deploying/,
    );
    expect(printed).toMatch(/pagerduty ← resolve acme\/shop\/production/);
    expect(printed).toMatch(/pagerduty ← change: Deploy [0-9a-f]{40} to production: succeeded/);
    expect(printed).toMatch(
      /\| production-down\/recovery +\| production +\|.*\| alert acme\/shop\/production resolved, 1 change event +\|.*\| pass +\|/,
    );
    // Production deploys are change events; staging never reaches PagerDuty.
    const crashing = result.results.find((r) => r.story.name === 'crashing-release')!;
    expect(changes(crashing.releases[0])).toBe(1);
    const staging = result.results.filter((r) => r.story.environment === 'staging');
    expect(staging.flatMap((r) => r.releases.flatMap((x) => x.onCall.events))).toEqual([]);

    const build = result.timeline.find((e) => e.step === 'Build and push the image');
    if (process.env.CI === 'true') {
      // CI has a docker daemon and a registry: the image must really be built, not stood in for.
      expect(build?.note).toBe('');
    }
  }, 600_000);

  it('notices when the workflow does not do what the story needs (no rollback after a failed smoke test)', async () => {
    const result = await rehearseWithout('deploy', (id) => id.startsWith('rollback'), 'slow-release');
    expect(result.passed).toBe(false);
    const problems = result.results[0]!.problems.join('\n');
    expect(problems).toMatch(/step rollback: not run, expected success/);
    expect(problems).toMatch(/serving [0-9a-f]{40}, expected only previous version v1\.4\.2/);
  }, 300_000);

  it("checks the page against PagerDuty's state, not the log (a workflow that never pages)", async () => {
    const result = await rehearseWithout('deploy-reviewed', (id) => id === 'page', 'production-down');
    expect(result.passed).toBe(false);
    const problems = result.results[0]!.problems.join('\n');
    expect(problems).toMatch(/step page: not run, expected success/);
    expect(problems).toMatch(/alert acme\/shop\/production is none, expected triggered/);
    expect(problems).toMatch(/no trigger event was sent/);
    // The push after it is not played when the first did not end as it should.
    expect(result.results[0]!.releases).toHaveLength(1);
  }, 300_000);
});
