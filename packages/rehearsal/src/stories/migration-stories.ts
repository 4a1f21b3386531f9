// The stories of issue #18: the good release migrates first (run-task on the revision deploy-ecs then
// deploys), and a release whose migration fails deploys nothing; each checked against the emulator's
// state (the one-off task, its revision, the service) and the migration step's own log.
import { DescribeServicesCommand, DescribeTasksCommand } from '@aws-sdk/client-ecs';
import type { JobRecord } from '../workflow-runner/index.js';
import { clusterOf, PREVIOUS_IMAGE, SERVICE } from './seed.js';
import type { Release, ReleaseFacts, Story } from './story-types.js';
import { ecsOf, expectEqual, recordOf, revisionCount, servingImage } from './world-facts.js';

/** The repository variable the templates pass as migrate-command. */
const MIGRATE = { MIGRATE_COMMAND: 'npm run migrate' };
const GOOD_LINES = [
  'Running migrations on shop_staging',
  'applying 0042_add_order_notes',
  'applying 0043_index_orders_created_at',
  'migrations complete',
];
const FAILING_LINES = [
  'Running migrations on shop_staging',
  'applying 0044_orders_email_not_null',
  'error: column "email" of relation "orders" contains null values',
  'migration 0044 failed; its transaction was rolled back',
];

const migrateStep = (facts: ReleaseFacts) =>
  facts.calls
    .find((c) => c.environment === 'staging')
    ?.jobs.find((j: JobRecord) => j.id === 'deploy')
    ?.steps.find((s) => s.id === 'migrate');

/** The one-off task the migrate step started, as the emulator describes it. */
async function migrationTask(facts: ReleaseFacts, taskArn: string | undefined) {
  if (!taskArn) return undefined;
  const { ecs } = ecsOf(facts.parts);
  const described = await ecs.send(
    new DescribeTasksCommand({ cluster: clusterOf('staging'), tasks: [taskArn] }),
  );
  ecs.destroy();
  return described.tasks?.[0];
}

/** What both stories check of the migration: its task ran on the revision it reports and exited `code`. */
async function migrationRan(facts: ReleaseFacts, code: number, lines: string[]): Promise<string[]> {
  const step = migrateStep(facts);
  const revision = step?.outputs['task-definition-arn'];
  const task = await migrationTask(facts, step?.outputs['task-arn']);
  const app = task?.containers?.find((c) => c.name === 'app');
  const logged = (step?.run?.log ?? '').split('\n').filter((l) => l.includes('app | '));
  return [
    ...expectEqual('migrate step outcome', step?.outcome, code === 0 ? 'success' : 'failure'),
    ...expectEqual('migration task status', task?.lastStatus, 'STOPPED'),
    ...expectEqual('migration task revision', task?.taskDefinitionArn, revision),
    ...expectEqual('migration exit code (ECS)', app?.exitCode, code),
    ...expectEqual('migration exit code (output)', step?.outputs['exit-code'], String(code)),
    ...expectEqual('migration started by', task?.startedBy?.startsWith('shipline-migrate-'), true),
    ...expectEqual(
      'migration log lines in the step log',
      logged.join(' / '),
      lines.map((l) => `app | ${l}`).join(' / '),
    ),
  ];
}

/** The good release: the migration ran on the very revision the service then runs, registered once. */
async function migratedThenDeployed(facts: ReleaseFacts): Promise<string[]> {
  const revision = migrateStep(facts)?.outputs['task-definition-arn'];
  const serving = await servingImage(facts.parts, 'staging');
  return [
    ...(await migrationRan(facts, 0, GOOD_LINES)),
    ...expectEqual('staging runs the migrated revision', serving.taskDefinition, revision),
    ...expectEqual(
      'staging revisions (seed and the release, once)',
      await revisionCount(facts.parts, 'staging'),
      2,
    ),
  ];
}

/** Staging as seeded: its only deployment on revision 1 and the previous image; no record. */
async function stillPrevious(facts: ReleaseFacts): Promise<string[]> {
  const { ecs } = ecsOf(facts.parts);
  const described = await ecs.send(
    new DescribeServicesCommand({ cluster: clusterOf('staging'), services: [SERVICE] }),
  );
  ecs.destroy();
  const deployments = described.services?.[0]?.deployments ?? [];
  const serving = await servingImage(facts.parts, 'staging');
  return [
    ...expectEqual('staging deployments', deployments.length, 1),
    ...expectEqual('staging task definition', serving.taskDefinition.split('/').pop(), 'shop-web-staging:1'),
    ...expectEqual('staging image', serving.image, PREVIOUS_IMAGE),
    ...expectEqual('a record of the commit', recordOf(facts.parts, 'staging', facts.sha), undefined),
  ];
}

/** The failed migration: it ran and exited 3, and nothing was deployed. */
async function nothingDeployed(facts: ReleaseFacts): Promise<string[]> {
  return [...(await migrationRan(facts, 3, FAILING_LINES)), ...(await stillPrevious(facts))];
}

/** The cancelled migration: run-task stopped its task (StopTask, under the deploy role), nothing deployed. */
async function migrationStopped(facts: ReleaseFacts): Promise<string[]> {
  const step = migrateStep(facts);
  const task = await migrationTask(facts, step?.outputs['task-arn']);
  return [
    ...expectEqual('migrate step outcome', step?.outcome, 'cancelled'),
    ...expectEqual('migration task desired status', task?.desiredStatus, 'STOPPED'),
    ...expectEqual('migration task stop code', task?.stopCode, 'UserInitiated'),
    ...expectEqual('stopped by run-task', /Cancelled/.test(task?.stoppedReason ?? ''), true),
    ...(await stillPrevious(facts)),
  ];
}

/** good-release's migration: MIGRATE_COMMAND set, the new image's migration writes its lines and exits 0. */
export const GOOD_MIGRATION: Pick<Release, 'variables' | 'behaviour' | 'verify'> = {
  variables: MIGRATE,
  behaviour: { runFor: 4, logLines: GOOD_LINES },
  verify: migratedThenDeployed,
};

export const MIGRATION_STORIES: Story[] = [
  {
    name: 'failed-migration',
    title: 'a release to staging whose migration fails: nothing is deployed, Slack gets its last log lines',
    environment: 'staging',
    branch: 'develop',
    variables: MIGRATE,
    behaviour: { runFor: 4, exitCode: 3, logLines: FAILING_LINES },
    expect: {
      steps: {
        migrate: 'failure',
        deploy: 'skipped',
        smoke: 'skipped',
        record: 'skipped',
        rollback: 'skipped',
        'notify-result': 'success',
      },
      serving: 'previous',
      slackStatus: 'failure',
      slackMentions: /The migration failed: nothing was deployed[\s\S]*contains null values/,
    },
    verify: nothingDeployed,
  },
  {
    name: 'cancelled-migration',
    title: 'a long migration on staging cancelled by a person: run-task stops its task, nothing is deployed',
    environment: 'staging',
    branch: 'develop',
    variables: MIGRATE,
    // Ten hours (simulated) of backfilling: still running when the person cancels, whatever the
    // clock scale; 5 s leaves a loaded machine time to start the task first.
    behaviour: {
      runFor: 36_000,
      logLines: ['Running migrations on shop_staging', 'backfilling orders.email'],
    },
    cancelDuring: { step: 'Run the migration (new revision)', afterMs: 5_000 },
    expect: {
      steps: { migrate: 'cancelled', deploy: 'skipped', smoke: 'skipped', record: 'skipped' },
      serving: 'previous',
      slackStatus: 'cancelled',
      slackMentions: /Cancelled during the migration: its task was stopped; nothing was deployed/,
    },
    verify: migrationStopped,
  },
];
