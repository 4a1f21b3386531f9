// The multi-service story of issue #19: one push deploys one revision to two services (web and api);
// api's release fails (its CloudWatch 5xx alarm fires, ECS rolls api back) and deploy-ecs returns
// web too, so the two never end on mixed versions. Checked on the emulator: both services back on
// the seeded revision, each load balancer serving the previous version, Slack naming both.
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
} from '@aws-sdk/client-ecs';
import type { AlarmRule } from '@shipline/ecs-emulator';
import { REHEARSAL_SERVICES } from './iam-roles.js';
import type { LocalParts } from './local-parts.js';
import { APP, clusterOf, PREVIOUS_IMAGE, PREVIOUS_VERSION, SERVICE } from './seed.js';
import type { Environment, ReleaseFacts, Story } from './story-types.js';
import { untilSteady } from './until-steady.js';
import { ecsOf, expectEqual, servingImage } from './world-facts.js';

/** The second service: the same image and task definition as web, run with its own command and alarm. */
const API = REHEARSAL_SERVICES[1];
const SERVICES = [SERVICE, API];
const API_ALARM: AlarmRule = {
  alarm: 'shop-api-5xx',
  service: API,
  metric: 'error-rate',
  threshold: 0.05,
  // Simulated seconds of bad answers before CloudWatch's alarm goes into ALARM.
  after: 30,
};

/**
 * Adds api next to the seeded web, as a team adds a second service of the same app: web's task
 * definition, count and network, plus ECS's alarm-based rollback on api's 5xx alarm; waits until steady.
 */
async function seedApi(parts: LocalParts, environment: Environment): Promise<void> {
  const { ecs } = ecsOf(parts);
  const cluster = clusterOf(environment);
  const web = (await ecs.send(new DescribeServicesCommand({ cluster, services: [SERVICE] }))).services?.[0];
  if (!web) throw new Error(`${cluster}/${SERVICE} is not seeded`);
  await ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: API,
      taskDefinition: web.taskDefinition,
      desiredCount: web.desiredCount,
      launchType: 'FARGATE',
      networkConfiguration: web.networkConfiguration,
      deploymentConfiguration: {
        ...web.deploymentConfiguration,
        alarms: { alarmNames: [API_ALARM.alarm], enable: true, rollback: true },
      },
    }),
  );
  await untilSteady(ecs, cluster, API, { what: 'running the previous release beside web' });
  ecs.destroy();
}

/** The versions a service's load balancer answers with (`x-app-version`), from a few requests. */
async function versionsServed(parts: LocalParts, environment: Environment, service: string) {
  const seen = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const response = await fetch(`${parts.emulator.loadBalancerUrl(clusterOf(environment), service)}/health`);
    seen.add(response.headers.get('x-app-version') ?? `(HTTP ${response.status})`);
    await response.body?.cancel();
  }
  return [...seen].join(', ');
}

/** The newest service deployment of api, as ECS's history shows it. */
async function newestApiDeployment(parts: LocalParts, environment: Environment) {
  const { ecs } = ecsOf(parts);
  const listed = await ecs.send(
    new ListServiceDeploymentsCommand({ cluster: clusterOf(environment), service: API }),
  );
  ecs.destroy();
  return listed.serviceDeployments?.[0];
}

/** Both services back on the seeded revision and image (ECS), each serving the previous version. */
async function bothOnSeededRevision(facts: ReleaseFacts): Promise<string[]> {
  const problems: string[] = [];
  for (const service of SERVICES) {
    const serving = await servingImage(facts.parts, 'staging', service);
    problems.push(
      ...expectEqual(
        `${service} task definition`,
        serving.taskDefinition.split('/').pop(),
        `${APP}-staging:1`,
      ),
      ...expectEqual(`${service} image`, serving.image, PREVIOUS_IMAGE),
      ...expectEqual(
        `${service} serves`,
        await versionsServed(facts.parts, 'staging', service),
        PREVIOUS_VERSION,
      ),
    );
  }
  return problems;
}

/** A step of the staging call's one job that ran it (deploy, or rollback.yml's rollback). */
const stagingStep = (facts: ReleaseFacts, job: string, step: string) =>
  facts.calls
    .find((c) => c.environment === 'staging')
    ?.jobs.find((j) => j.id === job)
    ?.steps.find((s) => s.id === step);

/** After the alarm: both on the seeded revision, api by ECS's rollback, web by deploy-ecs; Slack names both. */
async function bothRolledBack(facts: ReleaseFacts): Promise<string[]> {
  const problems = await bothOnSeededRevision(facts);
  const api = await newestApiDeployment(facts.parts, 'staging');
  problems.push(...expectEqual("api's newest service deployment", api?.status, 'ROLLBACK_SUCCESSFUL'));
  const deploy = stagingStep(facts, 'deploy', 'deploy');
  const reported = JSON.parse(deploy?.outputs.services ?? '[]') as {
    service: string;
    rolledBack?: boolean;
  }[];
  for (const service of SERVICES)
    problems.push(
      ...expectEqual(
        `deploy-ecs reports ${service} rolled back`,
        reported.find((s) => s.service === service)?.rolledBack,
        true,
      ),
    );
  // The failure reason Slack carries says of each service that it went back to the seeded revision.
  const slack = JSON.stringify(facts.parts.slack.messages.at(-1)?.body ?? {});
  for (const service of SERVICES)
    if (!new RegExp(`${service}: [A-Z_]+(?: \\(.*?\\))?; rolled back to ${APP}-staging:1 by`).test(slack))
      problems.push(`the Slack result does not say ${service} was rolled back to ${APP}-staging:1`);
  return problems;
}

/** After rollback.yml: both on the seeded revision, the rollback action reporting each service. */
async function rolledBackByHand(facts: ReleaseFacts): Promise<string[]> {
  const problems = await bothOnSeededRevision(facts);
  const rollback = stagingStep(facts, 'rollback', 'rollback');
  const reported = JSON.parse(rollback?.outputs.services ?? '[]') as { service: string; to?: string }[];
  for (const service of SERVICES)
    problems.push(
      ...expectEqual(
        `rollback reports ${service} returned to`,
        reported
          .find((s) => s.service === service)
          ?.to?.split('/')
          .pop(),
        `${APP}-staging:1`,
      ),
    );
  return problems;
}

export const MULTI_SERVICE_STORIES: Story[] = [
  {
    name: 'multi-service-rollback',
    title:
      "a release to web and api on staging: api's 5xx alarm fires, ECS rolls api back, deploy-ecs returns web too",
    environment: 'staging',
    branch: 'develop',
    seedMore: seedApi,
    variables: { ECS_SERVICE: SERVICES.join(',') },
    // The new version answers one request in five with HTTP 500: only api's alarm watches for it.
    behaviour: { errorRate: 0.2 },
    scenarios: [API_ALARM],
    expect: {
      steps: { deploy: 'failure', smoke: 'skipped', rollback: 'skipped', 'smoke-restored': 'success' },
      serving: 'previous',
      slackStatus: 'failure',
      slackMentions: /Rolled back: the previous version serves again/,
    },
    verify: bothRolledBack,
  },
  {
    name: 'multi-service-manual-rollback',
    title: 'a good release to web and api on staging, then a person rolls both back with rollback.yml',
    environment: 'staging',
    branch: 'develop',
    seedMore: seedApi,
    variables: { ECS_SERVICE: SERVICES.join(',') },
    expect: {
      steps: { deploy: 'success', smoke: 'success' },
      serving: 'new',
      slackStatus: 'success',
    },
    then: {
      name: 'rollback',
      title: 'Rollback run for staging, services web,api (previous): each back on its own previous revision',
      via: {
        workflow: 'rollback.yml',
        inputs: { environment: 'staging', services: SERVICES.join(','), to: 'previous' },
      },
      expect: {
        steps: { rollback: 'success', smoke: 'success' },
        serving: 'previous',
        slackStatus: 'success',
        slackMentions: /Rollback of staging \(web,api\) by dev-on-call/,
        slackMessages: 1,
      },
      verify: rolledBackByHand,
    },
  },
];
