// Plays one history against the emulator through the functions the actions run (deploy() for
// deploy-ecs, rollBackService() for rollback), on stepped simulated time, and checks every
// verdict against the emulator's ground truth and the test's model after each step.
import { CreateClusterCommand, CreateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { registerApp, waitFor, type SteppedActor, type SteppedTime } from '@shipline/ecs-emulator/testing';
import type { ActionLog } from '@shipline/toolkit';
import { deploy, type DeployResult } from '../../src/index.js';
import { CLUSTER, type History, type ImageKind, type Step } from './histories.js';
import { expectDeploy, lastServed, type ServiceModel } from './history-model.js';
import {
  DEPLOY_TIMEOUT_MS,
  type DeployStepOptions,
  type HistorySteps,
  type InBackground,
} from './history-steps.js';
import { cancel, stopFromOutside, supersede, timeOut } from './history-interrupted.js';
import { rollBackToPrevious } from './history-rollback.js';
import { checkOutcome, checkSettled, failure, settled } from './history-truth.js';

const FAMILY = 'app';
export interface RunCounts {
  histories: number;
  steps: number;
  skipped: number;
  byKind: Record<string, number>;
}

export class HistoryRun implements HistorySteps {
  readonly models: ServiceModel[] = [];
  private imageCount = 0;
  /** The image of every task definition deployed so far. */
  private readonly images = new Map<string, string>();
  readonly log: string[] = [];
  /** Task definitions of `sick-*` images: they serve, then fail health checks. */
  private readonly sick = new Set<string>();
  readonly clock: SteppedActor;

  constructor(
    private readonly emulator: EmulatorHandle,
    readonly ecs: ECSClient,
    private readonly counts: RunCounts,
    private readonly time: SteppedTime,
  ) {
    this.clock = time.actor();
  }

  async play(history: History): Promise<void> {
    this.counts.histories++;
    await this.setUp(history);
    for (const [i, step] of history.steps.entries()) {
      this.log.push(`--- step ${i + 1}: ${JSON.stringify(step)}`);
      await this.step(step);
      for (const model of this.models) {
        await this.time.until(`${model.name} to settle`, () => settled(this.emulator, CLUSTER, model.name));
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
          desiredCount: history.desiredCounts?.[i] ?? 2,
          deploymentConfiguration: {
            deploymentCircuitBreaker: { enable: true, rollback: breakerRollback },
            minimumHealthyPercent: 100,
            maximumPercent: 200,
          },
        }),
      );
      this.models.push({ name, breakerRollback, current: td, failedPrimary: false, served: [td] });
    }
    for (const model of this.models) {
      await this.time.until(`${model.name} to be steady`, () => {
        const primary = this.truth(model).deployments[0];
        return settled(this.emulator, CLUSTER, model.name) && primary?.rolloutState === 'COMPLETED';
      });
    }
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
        return rollBackToPrevious(this, model!);
      case 'supersede':
        return supersede(this, model!);
      case 'stop':
        return stopFromOutside(this, model!, step.rollbackOnFailure);
      case 'timeout':
        return timeOut(this, model!);
      case 'cancel':
        return cancel(this, model!, step.onCancel);
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
      let expected = expectDeploy(m, result.taskDefinitionArn, kind, options);
      // Redeploying a sick revision follows the deployment already running it, whose tasks may
      // have failed health checks by now: FAILED is then the right word, with nothing to undo.
      const alreadyFlapping = kind === 'sick' && !outcome.newDeployment;
      if (alreadyFlapping && outcome.rolloutState === 'FAILED')
        expected = { rolloutState: 'FAILED', rolledBack: false };
      const judgedOnHealth = kind === 'sick' && (options.bakeSeconds > 0 || alreadyFlapping);
      checkOutcome(this.truth(m), outcome, expected, previous, kind, this.log, judgedOnHealth);
    }
    this.checkSuccessMeansRunning(result);
  }

  deploy(
    models: ServiceModel[],
    image: string,
    options: DeployStepOptions,
    timeoutMs = DEPLOY_TIMEOUT_MS,
    clock: SteppedActor = this.clock,
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
        ...(options.onCancel ? { onCancel: options.onCancel } : {}),
      },
      {
        ecs: this.ecs,
        log: this.recorder(models.map((m) => m.name).join(',')),
        clock,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    return run.then((result) => {
      this.images.set(result.taskDefinitionArn, image);
      return result;
    });
  }

  /** A deploy that stands still (its clock held) once it has started its deployment. */
  /** A deploy that stands still (its clock held) at its first wait; see startedOn(). */
  deployInBackground(model: ServiceModel, image: string, options: DeployStepOptions): InBackground {
    const clock = this.time.actor();
    clock.hold();
    const before = this.truth(model).deployments[0]!.id;
    const result = this.deploy([model], image, options, DEPLOY_TIMEOUT_MS, clock);
    result.catch(() => undefined);
    return { result, clock, before };
  }

  /** Waits until its deployment is PRIMARY on the service and the deploy waits on its held clock. */
  async startedOn(model: ServiceModel, run: InBackground): Promise<void> {
    await waitFor(`a new deployment on ${model.name}`, () => {
      const primary = this.truth(model).deployments[0];
      return primary !== undefined && primary.id !== run.before && run.clock.waiting;
    });
  }

  /** deploy-ecs never reports success for a deployment that is not the one running. */
  checkSuccessMeansRunning(result: DeployResult): void {
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

  truth(model: ServiceModel) {
    return this.emulator.serviceTruth(CLUSTER, model.name)!;
  }

  image(kind: ImageKind | 'stuck'): string {
    return `hist/${FAMILY}:${kind}-${this.imageCount++}`;
  }

  recorder(prefix: string): ActionLog {
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
