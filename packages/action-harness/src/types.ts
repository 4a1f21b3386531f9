// Public types of the harness: what runAction takes and what it returns.

export type Stage = 'pre' | 'main' | 'post';
export type Stream = 'stdout' | 'stderr';
export type Conclusion = 'success' | 'failure' | 'cancelled';
export type StageConclusion = Conclusion | 'skipped';

/** Values for the `github` and `runner` contexts and the GITHUB_* / RUNNER_* variables. */
export interface RunContext {
  repository?: string;
  ref?: string;
  sha?: string;
  actor?: string;
  eventName?: string;
  /** The webhook payload; written to GITHUB_EVENT_PATH and available as `github.event`. */
  event?: Record<string, unknown>;
  runId?: string | number;
  runNumber?: string | number;
  runAttempt?: string | number;
  job?: string;
  workflow?: string;
  headRef?: string;
  baseRef?: string;
  serverUrl?: string;
  apiUrl?: string;
  graphqlUrl?: string;
  /** `github.token`; masked like the runner masks GITHUB_TOKEN. A random fake token by default. */
  token?: string;
  runnerOs?: string;
  runnerArch?: string;
  runnerName?: string;
  /** The `vars` context. */
  vars?: Record<string, string>;
}

export interface RunActionOptions {
  /** Folder holding action.yml (or action.yaml) and the bundled files it points at. */
  actionDir: string;
  /** The step's `with:`; values are converted to strings like YAML scalars are. */
  inputs?: Record<string, string | number | boolean>;
  /** The step's `env:`; it wins over GITHUB_ENV values of earlier stages, as on the runner. */
  env?: Record<string, string>;
  /** Workflow / job `env:`; GITHUB_ENV values of earlier stages override it, as on the runner. */
  jobEnv?: Record<string, string>;
  /** Values masked from the start, like `secrets.*` of the job: trimmed, and each line of a multi-line value too. */
  secrets?: string[];
  context?: RunContext;
  /** Defaults to a fresh temp dir, removed afterwards. */
  workspace?: string;
  /** Passes the whole test-process environment to the action instead of PATH, HOME, LANG, TZ only. */
  inheritEnv?: boolean;
  /** Step debug logging (ACTIONS_STEP_DEBUG): `::debug::` lines appear in the log, RUNNER_DEBUG=1. */
  debug?: boolean;
  /** Step id; becomes GITHUB_ACTION. Defaults to `__<owner>_<action folder name>`, as for a step without id. */
  stepId?: string;
  /** Cancels the running pre/main stage the way the runner cancels a job. */
  signal?: AbortSignal;
  /** Cancels like `signal`, this many ms after runAction starts. */
  cancelAfterMs?: number;
  /** Limit for each stage (like `timeout-minutes` of a step); the stage is stopped and fails. */
  timeoutMs?: number;
  /** Escalation delays after SIGINT; the runner uses 7500 ms then 2500 ms. */
  killDelays?: { sigtermAfterMs?: number; sigkillAfterMs?: number };
  /** Live output: each line as the process wrote it, masked with every value registered so far. */
  onLine?: (stage: Stage, stream: Stream, line: string) => void;
  /** The node binary; defaults to the one running the harness (process.execPath). */
  nodePath?: string;
  /** Keeps the temp folder (file-command files, event.json) for inspection. */
  keepTemp?: boolean;
}

/** One workflow command as the runner parsed it; message and property values masked as shown to users. */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  stage: Stage;
}

export type LeakWhere = 'stdout' | 'stderr' | 'output' | 'summary' | 'state' | 'env';

export interface Leak {
  where: LeakWhere;
  stage: Stage;
  /** Output / state / env name for those kinds; the 1-based line number for stdout/stderr/summary. */
  name?: string;
  line?: number;
  /** A redacted hint of which masked value leaked (never the value itself). */
  hint: string;
  /** How it appeared: the value itself, one line of it, or an encoding the runner also masks. */
  form: 'value' | 'line' | 'base64' | 'uri' | 'json';
  reason: string;
}

export interface StageResult {
  stage: Stage;
  conclusion: StageConclusion;
  /** null when the stage was skipped or the process died from a signal. */
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** Raw process output, NOT masked: do not print. */
  stdout: string;
  stderr: string;
  /** This stage's part of the masked log. */
  log: string;
  outputs: Record<string, string>;
  summary: string;
  /** The summary file was over 1 MiB: the runner reports an error and uploads nothing (the step still passes). */
  summaryRefused: boolean;
  commands: WorkflowCommand[];
  cancelled: boolean;
  timedOut: boolean;
  /** Signals the harness sent while stopping the stage, in order (SIGINT, SIGTERM, SIGKILL). */
  signalsSent: string[];
}

export interface RunResult {
  /** main's exit code; null when main did not run or died from a signal. */
  exitCode: number | null;
  conclusion: Conclusion;
  /** main's outputs (GITHUB_OUTPUT and `::set-output`). */
  outputs: Record<string, string>;
  /** Intra-action state after the last stage (GITHUB_STATE and `::save-state`). */
  state: Record<string, string>;
  /** Variables written to GITHUB_ENV by any stage. */
  env: Record<string, string>;
  /** Entries added through GITHUB_PATH, in PATH order (last added first). */
  path: string[];
  /** Markdown written to GITHUB_STEP_SUMMARY by all stages, in order. */
  summary: string;
  commands: WorkflowCommand[];
  /** Error annotations: `::error::` messages plus the errors the runner itself reports. */
  errors: string[];
  /** Warning annotations: `::warning::` messages plus the runner's own warnings (unexpected inputs, ...). */
  warnings: string[];
  /** Harness findings the runner does not report (missing required inputs). */
  diagnostics: string[];
  /** Every masked value, unmasked: do not print! */
  masked: string[];
  leaks: Leak[];
  /** The log as users see it on GitHub, masked. */
  log: string;
  stages: StageResult[];
}
