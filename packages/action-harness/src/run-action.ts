// runAction: pre → main → post of a bundled JavaScript action, each as its own node process, with the
// conditions, job status, environment and files the GitHub Actions runner gives them.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadActionManifest } from './action-manifest.js';
import { githubContext, runnerContext, type RunPaths } from './environment.js';
import { evaluateCondition, type Contexts, type JobStatus } from './expressions.js';
import { resolveInputs } from './inputs.js';
import { findLeaks, type StoredValues } from './leaks.js';
import { SecretMasker } from './masker.js';
import { RUNNER_KILL_DELAYS } from './process.js';
import { envContext, runStage, type JobState } from './stage.js';
import type { Conclusion, RunActionOptions, RunResult, Stage, StageResult } from './types.js';

function cancellation(options: RunActionOptions): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer =
    options.cancelAfterMs === undefined ? undefined : setTimeout(abort, Math.max(0, options.cancelAfterMs));
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
    },
  };
}

function skipped(stage: Stage): StageResult {
  return {
    stage,
    conclusion: 'skipped',
    exitCode: null,
    signal: null,
    durationMs: 0,
    stdout: '',
    stderr: '',
    log: '',
    outputs: {},
    summary: '',
    summaryRefused: false,
    commands: [],
    cancelled: false,
    timedOut: false,
    signalsSent: [],
  };
}

export async function runAction(options: RunActionOptions): Promise<RunResult> {
  const actionDir = path.resolve(options.actionDir);
  const manifest = loadActionManifest(actionDir);
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'action-harness-'));
  const cancel = cancellation(options);
  try {
    const paths: RunPaths = {
      workspace: options.workspace ?? path.join(tempRoot, 'work', 'workspace'),
      runnerTemp: path.join(tempRoot, 'temp'),
      toolCache: path.join(tempRoot, 'tool-cache'),
      eventPath: path.join(tempRoot, 'temp', '_github_workflow', 'event.json'),
      actionPath: actionDir,
    };
    const fileCommandDir = path.join(paths.runnerTemp, '_runner_file_commands');
    for (const dir of [paths.workspace, paths.toolCache, fileCommandDir, path.dirname(paths.eventPath)]) {
      fs.mkdirSync(dir, { recursive: true });
    }
    const context = options.context ?? {};
    const owner = (context.repository ?? 'octo-org/octo-repo').split('/')[0];
    const stepId = options.stepId ?? `__${owner}_${path.basename(actionDir)}`;
    const github = githubContext(context, paths, stepId);
    const runner = runnerContext(context, paths, options.debug ?? false);
    fs.writeFileSync(paths.eventPath, JSON.stringify(github.event, null, 2));

    const job: JobState = { masker: new SecretMasker(), env: {}, path: [], state: {}, lines: [] };
    job.masker.addSecret(String(github.token));
    for (const secret of options.secrets ?? []) job.masker.addSecret(secret);

    let status: JobStatus = 'success';
    const contexts = (): Contexts => ({
      github,
      runner,
      env: envContext(options, job),
      job: { status },
      steps: {},
      strategy: {},
      matrix: {},
      needs: {},
      vars: context.vars ?? {},
    });
    const { diagnostics } = resolveInputs(manifest.inputs, options.inputs ?? {}, contexts());
    const displayName = `${github.repository}/${path.basename(actionDir)}`;

    const stages: StageResult[] = [];
    const errors: string[] = [];
    const warnings: string[] = [];
    const stored: StoredValues[] = [];
    let registeredPost = false;
    const scripts: Record<Stage, string | undefined> = {
      pre: manifest.pre,
      main: manifest.main,
      post: manifest.post,
    };
    const conditions: Record<Stage, string> = {
      pre: manifest.preIf,
      main: 'success()',
      post: manifest.postIf,
    };

    for (const stage of ['pre', 'main', 'post'] as const) {
      const script = scripts[stage];
      if (!script || (stage === 'post' && !registeredPost)) continue;
      if (stage !== 'post' && cancel.signal.aborted) status = 'cancelled';
      if (!evaluateCondition(conditions[stage], contexts(), status)) {
        stages.push(skipped(stage));
        continue;
      }
      registeredPost = true;
      const stageInputs = resolveInputs(manifest.inputs, options.inputs ?? {}, contexts());
      const outcome = await runStage(
        {
          stage,
          script: path.join(actionDir, script),
          displayName,
          options,
          // Like the runner, inputs are loaded per stage: defaults see env written by earlier stages.
          inputs: stageInputs.values,
          runnerWarnings: stageInputs.warnings,
          github,
          runner,
          fileCommandDir,
          // Post-job steps still run after a cancellation; only pre and main are stopped.
          cancel: stage === 'post' ? new AbortController().signal : cancel.signal,
          killDelays: { ...RUNNER_KILL_DELAYS, ...options.killDelays },
        },
        job,
      );
      stages.push(outcome.result);
      errors.push(...outcome.errors);
      warnings.push(...outcome.warnings);
      stored.push({ stage, ...outcome.stored, summary: outcome.rawSummary });
      if (outcome.result.conclusion === 'cancelled') status = 'cancelled';
      else if (outcome.result.conclusion === 'failure' && status === 'success') status = 'failure';
    }

    const main = stages.find((s) => s.stage === 'main');
    // Like the job's result: cancelled wins, then any failed stage; a main that never ran is no success.
    const conclusion: Conclusion =
      status === 'cancelled'
        ? 'cancelled'
        : status === 'failure' || main?.conclusion !== 'success'
          ? 'failure'
          : 'success';
    return {
      exitCode: main?.exitCode ?? null,
      conclusion,
      outputs: main?.outputs ?? {},
      state: { ...job.state },
      env: { ...job.env },
      path: [...job.path].reverse(),
      summary: stages
        .map((s) => s.summary)
        .filter((s) => s !== '')
        .join('\n'),
      commands: stages.flatMap((s) => s.commands),
      errors,
      warnings,
      diagnostics,
      masked: job.masker.all.filter((r) => r.leakChecked).map((r) => r.secret),
      leaks: findLeaks(job.masker, job.lines, stored),
      log: stages
        .map((s) => s.log)
        .filter((s) => s !== '')
        .join('\n'),
      stages,
    };
  } finally {
    cancel.dispose();
    if (!options.keepTemp) fs.rmSync(tempRoot, { recursive: true, force: true });
  }
}
