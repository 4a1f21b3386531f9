// What the step players (history-interrupted, history-rollback) may ask of the run that plays a
// history; HistoryRun implements it, so the players never import the runner that calls them.
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ServiceTruth } from '@shipline/ecs-emulator';
import type { SteppedActor } from '@shipline/ecs-emulator/testing';
import type { ActionLog } from '@shipline/toolkit';
import type { DeployResult } from '../../src/index.js';
import type { ImageKind } from './histories.js';
import type { ServiceModel } from './history-model.js';

/** Simulated: far beyond any rollout here, so only a stuck one ever meets it. */
export const DEPLOY_TIMEOUT_MS = 30 * 60_000;

export interface DeployStepOptions {
  rollbackOnFailure: boolean;
  bakeSeconds: number;
  onCancel?: 'rollback' | 'leave';
  signal?: AbortSignal;
}

export interface InBackground {
  result: Promise<DeployResult>;
  clock: SteppedActor;
  /** The PRIMARY deployment before it started. */
  before: string;
}

export interface HistorySteps {
  readonly ecs: ECSClient;
  readonly clock: SteppedActor;
  readonly log: string[];
  deploy(
    models: ServiceModel[],
    image: string,
    options: DeployStepOptions,
    timeoutMs?: number,
    clock?: SteppedActor,
  ): Promise<DeployResult>;
  deployInBackground(model: ServiceModel, image: string, options: DeployStepOptions): InBackground;
  startedOn(model: ServiceModel, run: InBackground): Promise<void>;
  checkSuccessMeansRunning(result: DeployResult): void;
  truth(model: ServiceModel): ServiceTruth;
  image(kind: ImageKind | 'stuck'): string;
  recorder(prefix: string): ActionLog;
}
