// The types of a build-and-push run: its options, the clients it is given and its result.
import type { Builder, CacheStore, EcrApi, Exec, GitContext } from '@shipline/docker';
import type { ActionLog, Clock } from '@shipline/toolkit';
import type { ActionInputs } from './inputs.js';

export interface RunOptions extends ActionInputs {
  git: GitContext;
  /** RUNNER_TEMP: the local cache folder and this run's private files live here. */
  tempDir: string;
}

export interface RunDeps {
  exec: Exec;
  builder: Builder;
  ecr?: EcrApi;
  cacheStore: CacheStore;
  /** Progress, warnings (also kept in the result) and the collapsed build group. */
  log: ActionLog;
  /** Called before each docker login, so the post step logs out even if main dies right after. */
  recordLogin: (server: string) => void;
  signal: AbortSignal;
  clock?: Clock;
  pushBaseDelayMs?: number;
}

export interface RunResult {
  image: string;
  digest: string;
  imageRef: string;
  /** Full references: image:tag. */
  tags: string[];
  skipped: boolean;
  pushed: boolean;
  digestSource: 'registry' | 'builder' | 'local-image-id';
  imageId?: string;
  sizeBytes?: number;
  builder: Builder;
  labels: Record<string, string>;
  pushAttempts: number;
  /** Tags pointed at an existing image by a skipped run. */
  retagged: string[];
  warnings: string[];
  durationMs: number;
}
