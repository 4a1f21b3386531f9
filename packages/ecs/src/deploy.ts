import { UpdateServiceCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import { formatDuration, systemClock, type Clock } from '@shipline/toolkit';
import { beginRun } from './credentials.js';
import { elapsed, formatEvent, progressLine, type DeployLog } from './deploy-log.js';
import { diagnose, reasonOf, rolloutStateOf, worstState, type RolloutState } from './deploy-outcome.js';
import { callEcs, followUpContext, type CallContext } from './ecs-client.js';
import { shortArn } from './deployment-verdict.js';
import { watchDeployments, type WatchResult, type WatchTarget } from './deployment-watcher.js';
import { preflightServices } from './preflight.js';
import { familyOf, pruneRevisions } from './revisions.js';
import { rollBackServices, type RollbackOutcome } from './deploy-rollback.js';
import { bakeServices, type BakeOutcome } from './deploy-bake.js';
import { handleCancel, type OnCancel } from './deploy-cancel.js';
import { previousTaskDefinition } from './deploy-previous.js';
import { confirmServing } from './serving-check.js';
import type { RenderOptions } from './task-definition.js';
import { resolveTaskDefinition, type TaskDefinitionSource } from './task-definition-registry.js';

export interface DeployOptions extends RenderOptions {
  cluster: string;
  services: string[];
  source: TaskDefinitionSource;
  desiredCount?: number;
  forceNewDeployment: boolean;
  wait: boolean;
  timeoutMs: number;
  rollbackOnFailure: boolean;
  /** When the run is cancelled while waiting: start the rollback (default) or leave the rollout going. */
  onCancel?: OnCancel;
  skipRegisterIfUnchanged: boolean;
  /** 0 keeps every revision. */
  keepRevisions: number;
  /** After every deployment COMPLETED, how long to keep watching them (0 or absent: no bake). */
  bakeTimeMs?: number;
}

export interface DeployDeps {
  ecs: ECSClient;
  log: DeployLog;
  signal?: AbortSignal;
  clock?: Clock;
}

export interface ServiceOutcome {
  service: string;
  previousTaskDefinitionArn?: string;
  /** What shows the previous task definition served (a deployment id and status). */
  previousNote?: string;
  taskDefinitionArn: string;
  deploymentId?: string;
  /** False when the service already ran this task definition and nothing forced a new deployment. */
  newDeployment: boolean;
  rolloutState: RolloutState;
  reason?: string;
  rolledBack: boolean;
  rollback?: RollbackOutcome;
  /** Set when the run was cancelled: what was done about this service's deployment. */
  cancel?: string;
  bake?: BakeOutcome;
  events: string[];
  stoppedTasks: string[];
}

export interface DeployResult {
  taskDefinitionArn: string;
  taskDefinitionNote: string;
  registered: boolean;
  services: ServiceOutcome[];
  rolloutState: RolloutState;
  rolledBack: boolean;
  /** Set when the run was cancelled while waiting: what on-cancel did. */
  onCancel?: OnCancel;
  succeeded: boolean;
  durationSeconds: number;
  deregistered: string[];
}

/**
 * Deploys one task definition to one or more services of a cluster: pre-flight, register or
 * reuse, update, follow each new deployment by id until it is COMPLETED and serving, FAILED,
 * rolled back by ECS or out of time; explain failures; roll back; prune old revisions.
 */
export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<DeployResult> {
  const { ecs, log } = deps;
  const { clock, startedAt, context } = await beginRun(deps, options.timeoutMs);

  const before = await log.group('Pre-flight', async () => {
    const services = await preflightServices(ecs, options.cluster, options.services, context);
    const previous = await Promise.all(
      services.map((s) => previousTaskDefinition(ecs, options.cluster, s, context)),
    );
    services.forEach((s, i) => {
      const p = previous[i]!;
      if (p.midDeployment) {
        log.warning(
          `${s.serviceName} is mid-deployment (${p.midDeployment}); on failure it goes back to ${shortArn(p.taskDefinitionArn)}, ${p.note}.`,
        );
      }
      log.info(`${s.serviceName}: ACTIVE; previous ${shortArn(p.taskDefinitionArn)}, ${p.note}`);
    });
    return services.map((service, i) => ({
      service,
      previous: previous[i]!.taskDefinitionArn,
      previousNote: previous[i]!.note,
    }));
  });
  const resolved = await log.group('Task definition', async () => {
    const result = await resolveTaskDefinition(
      ecs,
      options.source,
      {
        ...options,
        skipIfUnchanged: options.skipRegisterIfUnchanged,
        running: before.flatMap((b) => [b.previous, b.service.taskDefinition]),
      },
      context,
    );
    log.info(`${shortArn(result.arn)}: ${result.note}`);
    for (const change of result.changes.slice(0, 20)) log.info(`  changed: ${change}`);
    return result;
  });
  const outcomes = await log.group('Update services', () =>
    updateServices(options, deps, context, resolved.arn, before),
  );

  // Events already printed while waiting: a rollback that follows prints only newer ones.
  let printedEvents = new Map<string, string[]>();
  if (options.wait) {
    printedEvents = await log.group(`Waiting for ${outcomes.length} deployment(s)`, () =>
      follow(options, deps, context, startedAt, outcomes, before),
    );
  }
  const bakeTimeMs = options.bakeTimeMs ?? 0;
  if (options.wait && bakeTimeMs > 0 && outcomes.every((o) => o.rolloutState === 'COMPLETED')) {
    await log.group(`Bake ${formatDuration(bakeTimeMs)}`, () =>
      bakeServices(ecs, log, { cluster: options.cluster, bakeTimeMs }, outcomes, {
        signal: deps.signal,
        clock,
      }),
    );
  }
  const onCancel = options.wait && deps.signal?.aborted ? (options.onCancel ?? 'rollback') : undefined;
  if (onCancel) {
    await log.group(`Cancelled (on-cancel: ${onCancel})`, () =>
      handleCancel(ecs, log, { cluster: options.cluster, onCancel }, outcomes, clock),
    );
  }
  const failed = outcomes.some((o) => o.rolloutState === 'FAILED' || o.rolloutState === 'TIMED_OUT');
  if (failed && options.rollbackOnFailure && !deps.signal?.aborted) {
    await log.group('Rollback', () =>
      rollBackServices(ecs, log, { ...options, printedEvents }, outcomes, { signal: deps.signal, clock }),
    );
  }
  const rolloutState = worstState(outcomes.map((o) => o.rolloutState));
  const succeeded = rolloutState === 'COMPLETED' || (!options.wait && rolloutState === 'IN_PROGRESS');
  let deregistered: string[] = [];
  if (succeeded && options.keepRevisions > 0) {
    deregistered = await log.group('Old revisions', () =>
      prune(ecs, log, options.keepRevisions, resolved.arn, outcomes, context),
    );
  }
  return {
    taskDefinitionArn: resolved.arn,
    taskDefinitionNote: resolved.note,
    registered: resolved.registered,
    services: outcomes,
    rolloutState,
    rolledBack: outcomes.some(
      (o) => o.rolledBack || (o.cancel && o.rollback?.rolloutState === 'IN_PROGRESS'),
    ),
    onCancel,
    succeeded,
    durationSeconds: Math.round((clock.now() - startedAt) / 100) / 10,
    deregistered,
  };
}

async function updateServices(
  options: DeployOptions,
  deps: DeployDeps,
  context: CallContext,
  taskDefinitionArn: string,
  before: { service: Service; previous?: string; previousNote?: string }[],
): Promise<ServiceOutcome[]> {
  const outcomes: ServiceOutcome[] = [];
  for (const { service, previous, previousNote } of before) {
    const name = service.serviceName!;
    const priorPrimary = service.deployments?.find((d) => d.status === 'PRIMARY')?.id;
    let answer;
    try {
      answer = await callEcs(context, (o) =>
        deps.ecs.send(
          new UpdateServiceCommand({
            cluster: options.cluster,
            service: name,
            taskDefinition: taskDefinitionArn,
            desiredCount: options.desiredCount,
            forceNewDeployment: options.forceNewDeployment,
          }),
          o,
        ),
      );
    } catch (error) {
      if (deps.signal?.aborted && outcomes.length > 0) {
        // Cancelled mid-update: the services updated so far are handled like a cancel while waiting.
        deps.log.warning(
          `${name}: cancelled during its UpdateService call, which ECS may or may not have applied`,
        );
        return outcomes;
      }
      if (deps.signal?.aborted) throw error;
      const done = outcomes.map((o) => o.service);
      const note = done.length > 0 ? ` Already updated: ${done.join(', ')}.` : ' No service was changed.';
      throw new Error(`UpdateService failed for ${name}: ${(error as Error).message}.${note}`, {
        cause: error,
      });
    }
    const primary = answer.service?.deployments?.find((d) => d.status === 'PRIMARY');
    const newDeployment = primary?.id !== priorPrimary;
    deps.log.info(
      newDeployment
        ? `${name}: deployment ${primary?.id} of ${shortArn(taskDefinitionArn)} started`
        : `${name}: already on ${shortArn(taskDefinitionArn)}; no new deployment (following ${primary?.id})`,
    );
    outcomes.push({
      service: name,
      previousTaskDefinitionArn: previous,
      previousNote,
      taskDefinitionArn,
      deploymentId: primary?.id,
      newDeployment,
      rolloutState: 'IN_PROGRESS',
      rolledBack: false,
      events: [],
      stoppedTasks: [],
    });
  }
  return outcomes;
}

async function follow(
  options: DeployOptions,
  deps: DeployDeps,
  context: CallContext,
  startedAt: number,
  outcomes: ServiceOutcome[],
  before: { service: Service }[],
): Promise<Map<string, string[]>> {
  const { log } = deps;
  const clock = context.clock ?? systemClock;
  const targets: WatchTarget[] = outcomes.map((o, i) => ({
    service: o.service,
    deploymentId: o.deploymentId ?? '',
    previousTaskDefinitionArn: o.previousTaskDefinitionArn,
    knownEventIds: (before[i]!.service.events ?? []).map((e) => e.id!).filter(Boolean),
  }));
  const printed = new Map<string, string>();
  let lastProgressAt = 0;
  const results = await watchDeployments({
    ecs: deps.ecs,
    cluster: options.cluster,
    targets,
    deadline: context.deadline,
    signal: deps.signal,
    clock,
    onEvent: (service, event) => log.info(formatEvent(service, event)),
    onCheck: (checked) => reportProgress(checked),
    confirmCompleted: (service, verdict) => confirmServing(deps.ecs, options.cluster, service, verdict),
  });
  function reportProgress(checked: WatchResult[]): void {
    const now = clock.now();
    const quiet = now - lastProgressAt < 15_000;
    for (const result of checked) {
      const line = progressLine(
        result.service,
        targets.find((t) => t.service === result.service)!.deploymentId,
        result.last,
      );
      if (quiet && printed.get(result.service) === line) continue;
      printed.set(result.service, line);
      log.info(`${line} (${elapsed(startedAt, now, context.deadline)})`);
    }
    lastProgressAt = now;
  }
  const diagnosisContext = followUpContext(context, 20_000);
  for (const [i, result] of results.entries()) {
    const outcome = outcomes[i]!;
    outcome.rolloutState = rolloutStateOf(result.verdict);
    outcome.reason = reasonOf(result.verdict);
    if (result.verdict.state === 'rolled-back') {
      const failure = failureEvent(result.last, outcome.deploymentId);
      if (failure) outcome.reason = `${failure}; ${outcome.reason}`;
      outcome.rolledBack = true;
      outcome.rollback = {
        by: 'ECS',
        taskDefinitionArn: result.verdict.replacement.taskDefinition ?? '',
        deploymentId: result.verdict.replacement.id,
        rolloutState: 'IN_PROGRESS',
      };
    }
    log.info(`[${outcome.service}] ${outcome.rolloutState}${outcome.reason ? `: ${outcome.reason}` : ''}`);
    if (outcome.rolloutState === 'COMPLETED' || outcome.rolloutState === 'CANCELLED') continue;
    const why = await diagnose(
      deps.ecs,
      {
        cluster: options.cluster,
        service: outcome.service,
        deploymentId: outcome.deploymentId,
        last: result.last,
      },
      diagnosisContext,
    );
    outcome.events = why.events;
    outcome.stoppedTasks = why.stoppedTasks;
  }
  return new Map(
    results.map((r) => [r.service, (r.last?.events ?? []).flatMap((e) => (e.id ? [e.id] : []))]),
  );
}

async function prune(
  ecs: ECSClient,
  log: DeployLog,
  keep: number,
  taskDefinitionArn: string,
  outcomes: ServiceOutcome[],
  context: CallContext,
): Promise<string[]> {
  const protect = new Set([taskDefinitionArn, ...outcomes.map((o) => o.previousTaskDefinitionArn ?? '')]);
  const gone = await pruneRevisions(ecs, familyOf(taskDefinitionArn), keep, protect, context);
  log.info(
    gone.length > 0
      ? `deregistered ${gone.length} old revision(s): ${gone.map(shortArn).join(', ')}`
      : `no revision beyond the newest ${keep} to deregister`,
  );
  return gone;
}

/** ECS's own words on why a deployment it has since removed failed, from the service events. */
function failureEvent(view: Service | undefined, deploymentId: string | undefined): string | undefined {
  if (!deploymentId) return undefined;
  return view?.events?.find((e) => e.message?.includes(deploymentId) && /failed/i.test(e.message))?.message;
}
