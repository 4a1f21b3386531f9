// Plays one history against the emulator through the functions the actions run (deploy() for
// deploy-ecs, rollBackService() for rollback), on the emulator's simulated clock, and checks every
// verdict against the emulator's ground truth and the test's model after each step.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { registerApp, simulatedClock, waitFor, waitForSteady } from '@shipline/ecs-emulator/testing';
import { deploy, rollBackService, type DeployLog, type DeployResult } from '../../src/index.js';
import type { History, ImageKind, Step } from './histories.js';
import { backOn, expectDeploy, lastServed, rollbackTarget, type ServiceModel } from './history-model.js';
import { checkOutcome, checkSettled, failure, settled } from './history-truth.js';

export const CLUSTER = 'hist';
const FAMILY = 'app';
/** Simulated: far beyond any rollout here, so only a stuck one ever meets it. */
const DEPLOY_TIMEOUT_MS = 30 * 60_000;
const STUCK_TIMEOUT_MS = 2 * 60_000;

export interface RunCounts {
  histories: number;
  steps: number;
  skipped: number;
  byKind: Record<string, number>;
}

export class HistoryRun {
  readonly models: ServiceModel[] = [];
  private imageCount = 0;
  /** The image of every task definition deployed so far. */
  private readonly images = new Map<string, string>();
  readonly log: string[] = [];
  /** Task definitions of `sick-*` images: they serve, then fail health checks. */
  private readonly sick = new Set<string>();
  private readonly clock;

  constructor(
    private readonly emulator: EmulatorHandle,
    private readonly ecs: ECSClient,
    private readonly counts: RunCounts,
  ) {
    this.clock = simulatedClock(emulator);
  }

  async play(history: History): Promise<void> {
    this.counts.histories++;
    await this.setUp(history);
    for (const [i, step] of history.steps.entries()) {
      this.log.push(`--- step ${i + 1}: ${JSON.stringify(step)}`);
      await this.step(step);
      for (const model of this.models) {
        await waitFor(`${model.name} to settle`, () => settled(this.emulator, CLUSTER, model.name), 20_000);
        checkSettled(this.truth(model), model, (td) => this.sick.has(td), this.log);
      }
    }
  }

  private async setUp(history: History): Promise<void> {
    this.emulator.reset();
    await this.ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    const image = this.image('good');
    const td = await registerApp(this.ecs, FAMILY, image);
    this.images.set(td, image);
    for (const [i, breakerRollback] of history.breakerRollback.entries()) {
      const name = `s${i}`;
      await this.ecs.send(
        new CreateServiceCommand({
          cluster: CLUSTER,
          serviceName: name,
          taskDefinition: td,
          desiredCount: 2,
          deploymentConfiguration: {
            deploymentCircuitBreaker: { enable: true, rollback: breakerRollback },
            minimumHealthyPercent: 100,
            maximumPercent: 200,
          },
        }),
      );
      this.models.push({ name, breakerRollback, current: td, failedPrimary: false, served: [td] });
    }
    for (const model of this.models) await waitForSteady(this.ecs, model.name, CLUSTER);
  }

  private async step(step: Step): Promise<void> {
    const model = 'service' in step ? this.models[step.service]! : undefined;
    if (step.kind === 'stop' && model!.failedPrimary) {
      // Where a stopped deployment goes back to when a FAILED one was PRIMARY is ECS's to choose.
      this.counts.skipped++;
      this.log.push('skipped: the service is on a FAILED deployment');
      return;
    }
    this.counts.steps++;
    const kind =
      step.kind === 'deploy' ? `deploy-${step.image}${step.bakeSeconds > 0 ? '-baked' : ''}` : step.kind;
    this.counts.byKind[kind] = (this.counts.byKind[kind] ?? 0) + 1;
    switch (step.kind) {
      case 'deploy': {
        const models = step.services.map((i) => this.models[i]!);
        return this.deployAndCheck(models, this.image(step.image), step.image, step);
      }
      case 'redeploy': {
        // The image of the revision that last served, again: nothing new to roll out.
        const td = lastServed(model!);
        const kind = this.sick.has(td) ? 'sick' : 'good';
        return this.deployAndCheck([model!], this.images.get(td)!, kind, {
          rollbackOnFailure: true,
          bakeSeconds: 0,
        });
      }
      case 'rollback':
        return this.rollback(model!);
      case 'supersede': {
        const first = this.deployStuckInBackground(model!, true);
        await this.startedOn(model!);
        const second = await this.deploy([model!], this.image('good'), {
          rollbackOnFailure: true,
          bakeSeconds: 0,
        });
        const previous = lastServed(model!);
        const expected = expectDeploy(model!, second.taskDefinitionArn, 'good', {
          rollbackOnFailure: true,
          bakeSeconds: 0,
        });
        checkOutcome(this.truth(model!), second.services[0]!, expected, previous, 'good', this.log);
        const superseded = (await first).services[0]!;
        checkOutcome(
          this.truth(model!),
          superseded,
          { rolloutState: 'SUPERSEDED', rolledBack: false },
          previous,
          'stuck',
          this.log,
        );
        return;
      }
      case 'stop': {
        const first = this.deployStuckInBackground(model!, step.rollbackOnFailure);
        await this.startedOn(model!);
        const listed = await this.ecs.send(
          new ListServiceDeploymentsCommand({
            cluster: CLUSTER,
            service: model!.name,
            status: ['IN_PROGRESS'],
          }),
        );
        const arn = listed.serviceDeployments![0]!.serviceDeploymentArn!;
        await this.ecs.send(
          new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
        );
        const previous = lastServed(model!);
        const outcome = (await first).services[0]!;
        backOn(model!, previous);
        checkOutcome(
          this.truth(model!),
          outcome,
          { rolloutState: 'FAILED', rolledBack: true, by: 'ECS', backTo: previous },
          previous,
          'stuck',
          this.log,
        );
        return;
      }
      case 'timeout': {
        const previous = lastServed(model!);
        const result = await this.deploy(
          [model!],
          this.image('stuck'),
          { rollbackOnFailure: true, bakeSeconds: 0 },
          STUCK_TIMEOUT_MS,
        );
        backOn(model!, previous);
        checkOutcome(
          this.truth(model!),
          result.services[0]!,
          { rolloutState: 'TIMED_OUT', rolledBack: true, by: 'Shipline', backTo: previous },
          previous,
          'stuck',
          this.log,
        );
        return this.checkSuccessMeansRunning(result);
      }
    }
  }

  private async deployAndCheck(
    models: ServiceModel[],
    image: string,
    kind: ImageKind,
    options: { rollbackOnFailure: boolean; bakeSeconds: number },
  ): Promise<void> {
    const result = await this.deploy(models, image, options);
    if (kind === 'sick') this.sick.add(result.taskDefinitionArn);
    for (const [i, outcome] of result.services.entries()) {
      const m = models[i]!;
      const previous = lastServed(m);
      const expected = expectDeploy(m, result.taskDefinitionArn, kind, options);
      checkOutcome(this.truth(m), outcome, expected, previous, kind, this.log, options.bakeSeconds > 0);
    }
    this.checkSuccessMeansRunning(result);
  }

  private async rollback(model: ServiceModel): Promise<void> {
    const target = rollbackTarget(model);
    const before = this.truth(model).deployments[0]?.id;
    const attempt = await rollBackService(
      { cluster: CLUSTER, service: model.name, to: 'previous', wait: true, timeoutMs: DEPLOY_TIMEOUT_MS },
      { ecs: this.ecs, log: this.recorder(model.name), clock: this.clock },
    ).then(
      (result) => ({ result }),
      (error: Error) => ({ error }),
    );
    const truth = this.truth(model);
    const primary = truth.deployments[0]!;
    if (target === undefined) {
      if (
        !('error' in attempt) ||
        !/Nothing was changed/.test(attempt.error.message) ||
        primary.id !== before
      )
        throw failure(
          'rollback to previous with no earlier served revision must refuse and change nothing',
          { attempt, truth },
          this.log,
        );
      return;
    }
    if ('error' in attempt)
      throw failure(
        `rollback to previous must go to ${target}`,
        { error: attempt.error.message, truth },
        this.log,
      );
    const { result } = attempt;
    if (result.to !== target || !result.succeeded || result.rolloutState !== 'COMPLETED')
      throw failure(
        `rollback to previous must go to ${target} (the revision that last served) and complete`,
        { result, truth },
        this.log,
      );
    if (
      primary.id !== result.deploymentId ||
      primary.taskDefinitionArn !== target ||
      primary.rolloutState !== 'COMPLETED'
    )
      throw failure('rollback reported COMPLETED but the emulator disagrees', { result, truth }, this.log);
    backOn(model, target);
  }

  private deploy(
    models: ServiceModel[],
    image: string,
    options: { rollbackOnFailure: boolean; bakeSeconds: number },
    timeoutMs = DEPLOY_TIMEOUT_MS,
  ): Promise<DeployResult> {
    const run = deploy(
      {
        cluster: CLUSTER,
        services: models.map((m) => m.name),
        source: { kind: 'file', definition: definitionOf(image) },
        forceNewDeployment: false,
        wait: true,
        timeoutMs,
        rollbackOnFailure: options.rollbackOnFailure,
        skipRegisterIfUnchanged: true,
        keepRevisions: 0,
        ...(options.bakeSeconds > 0 ? { bakeTimeMs: options.bakeSeconds * 1000 } : {}),
      },
      { ecs: this.ecs, log: this.recorder(models.map((m) => m.name).join(',')), clock: this.clock },
    );
    return run.then((result) => {
      this.images.set(result.taskDefinitionArn, image);
      return result;
    });
  }

  private deployStuckInBackground(model: ServiceModel, rollbackOnFailure: boolean): Promise<DeployResult> {
    const run = this.deploy([model], this.image('stuck'), { rollbackOnFailure, bakeSeconds: 0 });
    run.catch(() => undefined);
    return run;
  }

  /** Waits until a new deployment (the stuck one just started) is PRIMARY on the service. */
  private async startedOn(model: ServiceModel): Promise<void> {
    const before = this.truth(model).deployments[0]!.id;
    await waitFor(`a new deployment on ${model.name}`, () => {
      const primary = this.truth(model).deployments[0];
      return primary !== undefined && primary.id !== before;
    });
  }

  /** deploy-ecs never reports success for a deployment that is not the one running. */
  private checkSuccessMeansRunning(result: DeployResult): void {
    if (!result.succeeded) return;
    for (const outcome of result.services) {
      const primary = this.truth(this.models.find((m) => m.name === outcome.service)!).deployments[0];
      if (outcome.rolloutState !== 'COMPLETED' || primary?.id !== outcome.deploymentId)
        throw failure(
          'deploy reported success for a deployment that is not the one running',
          { outcome, primary },
          this.log,
        );
    }
  }

  private truth(model: ServiceModel) {
    return this.emulator.serviceTruth(CLUSTER, model.name)!;
  }

  private image(kind: ImageKind | 'stuck'): string {
    return `hist/${FAMILY}:${kind}-${this.imageCount++}`;
  }

  private recorder(prefix: string): DeployLog {
    return {
      info: (message) => void this.log.push(`[${prefix}] ${message}`),
      warning: (message) => void this.log.push(`[${prefix}] warning: ${message}`),
      group: (name, body) => {
        this.log.push(`[${prefix}] ## ${name}`);
        return body();
      },
    };
  }
}

function definitionOf(image: string) {
  return {
    family: FAMILY,
    containerDefinitions: [{ name: 'app', image, essential: true, portMappings: [{ containerPort: 8080 }] }],
  };
}
