// What a one-off task (RunTask, no service) carries beyond a service's task: how it was asked to run.

/** model.ts's Json, restated: model.ts imports this file, so this one imports nothing back. */
type Json = Record<string, unknown>;

export interface OneOffRun {
  launchType?: string;
  capacityProviderName?: string;
  platformVersion?: string;
  networkConfiguration?: Json;
  /** RunTask's `overrides`, echoed back by DescribeTasks. */
  overrides: Json;
  /** Simulated ms from RUNNING until the essential container exits on its own. */
  runForMs: number;
  /** What the essential container exits with when it ends on its own. */
  exitCode: number;
  /** What the essential container writes to its awslogs stream, spread over its run. */
  logLines: string[];
  cannotPull: boolean;
}
