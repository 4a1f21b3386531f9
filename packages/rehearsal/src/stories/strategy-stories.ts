// The stories of ECS's native strategies (issue #17): a bad release stopped on production's test
// listener before any user saw it, and a 10 % canary whose error-rate alarm fires during its bake,
// rolled back by ECS with the alarm named in Slack; each checked against the emulator's own record.
import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type { LocalParts } from './local-parts.js';
import { clusterOf, SERVICE } from './seed.js';
import type { Environment, ReleaseFacts, Story } from './story-types.js';
import { ecsOf, expectEqual, stepOutcome } from './world-facts.js';

export const CANARY_ALARM = 'shop-web-production-5xx';
const changeOnly = { alert: 'none', changes: 1 } as const;

/** Production without the PAUSE hook after test traffic: a repository without the test-listener check. */
export async function withoutTestHook(parts: LocalParts, environment: Environment): Promise<void> {
  const { ecs } = ecsOf(parts);
  await ecs.send(
    new UpdateServiceCommand({
      cluster: clusterOf(environment),
      service: SERVICE,
      deploymentConfiguration: { lifecycleHooks: [] },
    }),
  );
  ecs.destroy();
}

/** Which versions production's listener answered with, sampled from the seed to the story's end. */
const samplers = new WeakMap<LocalParts, { stop: () => Promise<Map<string, number>> }>();

async function sampleProduction(parts: LocalParts): Promise<void> {
  const url = `${parts.emulator.loadBalancerUrl(clusterOf('production'), SERVICE)}/health`;
  const seen = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      const version = response?.headers.get('x-app-version') ?? `(HTTP ${response?.status ?? 'none'})`;
      await response?.body?.cancel();
      seen.set(version, (seen.get(version) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  samplers.set(parts, {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  });
}

const productionJobs = (facts: ReleaseFacts) =>
  facts.calls.find((c) => c.environment === 'production')?.jobs ?? [];

/** Green answered on the test listener only: production never did, sampled throughout. */
async function neverServedProduction(facts: ReleaseFacts): Promise<string[]> {
  const seen = (await samplers.get(facts.parts)?.stop()) ?? new Map<string, number>();
  const samples = [...seen.values()].reduce((a, b) => a + b, 0);
  const jobs = productionJobs(facts);
  const green = jobs.flatMap((j) => j.steps).find((s) => s.id === 'smoke-green');
  return [
    ...expectEqual('production answers from the new version', seen.get(facts.sha) ?? 0, 0),
    ...(samples >= 20 ? [] : [`production's listener was sampled ${samples} times, fewer than 20`]),
    ...expectEqual('the test-listener smoke test', green?.outcome, 'failure'),
    ...expectEqual(
      'the smoke test ran on the test listener',
      /\/_lb-test\//.test(green?.inputs?.url ?? ''),
      true,
    ),
    ...expectEqual(
      'resumed with',
      jobs.flatMap((j) => j.steps).find((s) => s.id === 'resume')?.inputs?.['hook-action'],
      'rollback',
    ),
    ...expectEqual('production smoke test', stepOutcome(jobs, 'deploy-reviewed', 'smoke'), 'skipped'),
  ];
}

/** ECS rolled the canary back for the alarm, after production had given it 10 %. */
async function canaryRolledBackByAlarm(facts: ReleaseFacts): Promise<string[]> {
  const deploy = productionJobs(facts)
    .flatMap((j) => j.steps)
    .find((s) => s.id === 'deploy');
  const services = JSON.parse(deploy?.outputs.services ?? '[]') as {
    timeline: { productionGreen?: number }[];
  }[];
  const shares = new Set(services[0]?.timeline.map((m) => m.productionGreen));
  const { ecs } = ecsOf(facts.parts);
  const cluster = clusterOf('production');
  const listed = await ecs.send(new ListServiceDeploymentsCommand({ cluster, service: SERVICE }));
  const newest = listed.serviceDeployments?.[0]?.serviceDeploymentArn;
  const described = await ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [newest!] }),
  );
  ecs.destroy();
  const record = described.serviceDeployments?.[0];
  return [
    ...expectEqual('deploy-ecs triggered-alarms', deploy?.outputs['triggered-alarms'], CANARY_ALARM),
    ...expectEqual('production gave the canary 10 %', shares.has(10), true),
    ...expectEqual('the service deployment', record?.status, 'ROLLBACK_SUCCESSFUL'),
    ...expectEqual('alarms ECS saw', record?.alarms?.triggeredAlarmNames?.join(','), CANARY_ALARM),
  ];
}

export const STRATEGY_STORIES: Story[] = [
  {
    name: 'blue-green-bad-release',
    title:
      'a bad hotfix on blue/green: its smoke test on the test listener fails, ECS rolls back at the hook, production never serves it',
    environment: 'production',
    branch: 'hotfix/checkout-totals',
    via: { workflow: 'hotfix.yml' },
    // Half the answers are HTTP 500: its first healthy answer comes, its samples fail.
    behaviour: { errorRate: 0.5 },
    seedMore: (parts) => sampleProduction(parts),
    expect: {
      steps: {
        approval: 'success',
        deploy: 'success',
        'smoke-green': 'failure',
        resume: 'failure',
        smoke: 'skipped',
        rollback: 'skipped',
        'smoke-restored': 'success',
        page: 'skipped',
      },
      serving: 'previous',
      slackStatus: 'failure',
      slackMentions: /failed its smoke test on the test listener: .*production never served it/,
      onCall: changeOnly,
    },
    verify: neverServedProduction,
  },
  {
    name: 'canary-alarm',
    title:
      'a hotfix on a 10 % canary: its error-rate alarm fires during the canary bake, ECS rolls back, Slack names the alarm',
    environment: 'production',
    branch: 'hotfix/search-cache',
    via: { workflow: 'hotfix.yml' },
    variables: { PRODUCTION_STRATEGY: 'canary', PRODUCTION_TEST_URL: '' },
    behaviour: { errorRate: 0.2 },
    scenarios: [{ alarm: CANARY_ALARM, service: SERVICE, metric: 'error-rate', threshold: 0.01, after: 60 }],
    seedMore: async (parts, environment) => {
      await withoutTestHook(parts, environment);
      const { ecs } = ecsOf(parts);
      await ecs.send(
        new UpdateServiceCommand({
          cluster: clusterOf(environment),
          service: SERVICE,
          deploymentConfiguration: {
            strategy: 'CANARY',
            canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
            alarms: { alarmNames: [CANARY_ALARM], enable: true, rollback: true },
          },
        }),
      );
      ecs.destroy();
    },
    expect: {
      steps: { approval: 'success', deploy: 'failure', smoke: 'skipped', 'smoke-restored': 'success' },
      serving: 'previous',
      slackStatus: 'failure',
      slackMentions: new RegExp(`alarm in ALARM: ${CANARY_ALARM}`),
      onCall: changeOnly,
    },
    verify: canaryRolledBackByAlarm,
  },
];
