// The calls a push makes: each job of the consumer's cd.yml (or another caller) that calls
// reusable-deploy.yml, in order, its `if:` evaluated with the results of the calls before it
// (production runs once staging said `verified`), each run through the workflow runner.
import path from 'node:path';
import type { RunContext } from '@shipline/action-harness';
import {
  callingJobIds,
  callInputs,
  loadWorkflow,
  resolveCall,
  runWorkflow,
  type JobRecord,
  type JobResult,
  type ResolvedCall,
} from '../workflow-runner/index.js';
import {
  answerApprovals,
  repositorySecrets,
  repositoryVariables,
  THIS_REPOSITORY,
} from './repository-settings.js';
import { latencyAllowance } from './machine-latency.js';
import { bakeInRealTime } from './simulated-time.js';
import { ownActionStandIns, thirdPartyStandIns } from './stand-ins.js';
import type { Environment, PlayOptions } from './story-types.js';

export interface CallRecord {
  call: ResolvedCall;
  environment: Environment;
  jobs: JobRecord[];
}

export interface CallsOptions {
  /** The caller's workflow file in the workspace, e.g. <workspace>/.github/workflows/cd.yml. */
  callerFile: string;
  github: RunContext;
  workspace: string;
  image: string;
  /** Cancel the run this long after the named step started in `environment`'s call (a person's Cancel). */
  cancelDuring?: { environment: Environment; step: string; afterMs: number };
  /**
   * After a job of a call finished: the story sets the emulator's rules once the image is known,
   * a slow release's delay raised by the call's latency allowance (machine-latency.ts).
   */
  onJobFinished(environment: Environment, record: JobRecord, latencyAllowanceMs: number): void;
  /** Repository variables the release sets on top of the others (e.g. MIGRATE_COMMAND). */
  variables?: Record<string, string>;
  /**
   * Another application's variables and secrets, and the owner/repo its callers name for this
   * checkout (`--app`, a fork say); default those of the consumer the stories install.
   */
  settings?: { vars: Record<string, string>; secrets: Record<string, string>; shiplineRepository: string };
}

/**
 * The runner machine's environment in the rehearsal: builds are reproducible (SOURCE_DATE_EPOCH,
 * the commits' time 2026-01-01T00:00:00Z, sets the created label instead of the clock), so a
 * warm docker layer cache builds a release's image again from cache: still a real build and push.
 */
const RUNNER_ENV = { SOURCE_DATE_EPOCH: '1767225600' };

/**
 * Steps whose cancel counts from a line they print rather than from their start: deploy-ecs's
 * rollout begins at its "Waiting for" group (the service updated), and the time the action takes
 * to start on a busy machine must not move a cancel meant for the rollout to before it.
 */
const COUNT_FROM_LINE: Record<string, string> = { 'Deploy to ECS': '::group::Waiting for' };

/** A reporter that cancels the run `afterMs` into the named step (see COUNT_FROM_LINE). */
function cancelling(
  plan: CallsOptions['cancelDuring'],
  environment: Environment,
  reporter: PlayOptions['reporter'],
) {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  if (!plan || plan.environment !== environment) return { reporter, signal: undefined, clear: () => {} };
  const marker = COUNT_FROM_LINE[plan.step];
  const countFrom = (step: string) => {
    timer = setTimeout(() => {
      const into = marker ? `the rollout of "${step}"` : `"${step}"`;
      reporter.note(`a person cancels the run ${plan.afterMs} ms into ${into}`);
      controller.abort();
    }, plan.afterMs);
  };
  const stepStarted = (job: string, step: string) => {
    reporter.stepStarted(job, step);
    if (step === plan.step && !marker && !timer) countFrom(step);
  };
  const stepLine = (job: string, step: string, line: string) => {
    reporter.stepLine(job, step, line);
    if (step === plan.step && marker && !timer && line.startsWith(marker)) countFrom(step);
  };
  // Every other call goes to the reporter itself (its own `this`).
  const wrapped = new Proxy(reporter, {
    get: (target, key) => {
      if (key === 'stepStarted') return stepStarted;
      if (key === 'stepLine') return stepLine;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { reporter: wrapped, signal: controller.signal, clear: () => clearTimeout(timer) };
}

const stringInput = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A called workflow as its caller job sees it: failed when one of its jobs failed. */
function asNeeded(jobs: JobRecord[]): JobResult {
  const deploy = jobs.find((j) => j.id === 'deploy' || j.id === 'deploy-reviewed');
  return {
    result: jobs.some((j) => j.result === 'failure') ? 'failure' : 'success',
    outputs: { verified: deploy?.outputs.verified ?? '' },
  };
}

export async function playCalls(options: PlayOptions, calls: CallsOptions): Promise<CallRecord[]> {
  const { parts, reporter } = options;
  const vars = { ...(calls.settings?.vars ?? repositoryVariables(parts, calls.image)), ...calls.variables };
  const secrets = calls.settings?.secrets ?? repositorySecrets(parts);
  const shipline = calls.settings?.shiplineRepository ?? THIS_REPOSITORY;
  const context = { github: calls.github, vars, secrets };
  // The jobs cd.yml runs before its deploys (ci) are stood in for as passed.
  // The jobs the callers run before their deploys are stood in for as passed: ci, and hotfix.yml's
  // branch guard for a hotfix/<name> branch (its refusals are proven by test/branch-strategy).
  const needs: Record<string, JobResult> = {
    ci: { result: 'success', outputs: {} },
    branch: { result: 'success', outputs: { hotfix: 'true' } },
  };
  const records: CallRecord[] = [];
  for (const id of callingJobIds(calls.callerFile, 'reusable-deploy.yml')) {
    const call = resolveCall(calls.callerFile, 'reusable-deploy.yml', context, { job: id, needs });
    if (!call) {
      needs[id] = { result: 'skipped', outputs: {} };
      continue;
    }
    if (!call.uses.startsWith(`${shipline}/.github/workflows/reusable-deploy.yml@`)) {
      throw new Error(`job ${call.job} calls ${call.uses}, not this repository's reusable-deploy.yml`);
    }
    const environment = call.inputs.environment as Environment;
    reporter.callFound(call);
    const approver = answerApprovals(parts, call.inputs, environment);
    if (approver) reporter.approved(approver, environment);
    const clockScale = Number(parts.emulator.state().clockScale);
    const given = bakeInRealTime(callInputs(options.workflow, call.inputs), clockScale);
    if (given.note) reporter.note(given.note);
    const latency = await latencyAllowance(
      stringInput(given.inputs['smoke-url']),
      stringInput(given.inputs['smoke-checks']),
    );
    if (latency) reporter.note(latency.note);
    const cancel = cancelling(calls.cancelDuring, environment, reporter);
    const jobs = await runWorkflow({
      workflow: options.workflow,
      runnerEnv: RUNNER_ENV,
      repoRoot: options.repoRoot,
      thisRepository: THIS_REPOSITORY,
      workspace: calls.workspace,
      reporter: cancel.reporter,
      cancel: cancel.signal,
      stepTimeoutMs: 5 * 60_000,
      call: { github: calls.github, inputs: given.inputs, secrets: call.secrets, vars },
      standIns: thirdPartyStandIns(parts),
      actionStandIns: ownActionStandIns(parts, calls.image, calls.github.sha ?? ''),
      ...(latency ? { inputsHere: { 'smoke-test': latency.adjust } } : {}),
      onJobFinished: (record) => calls.onJobFinished(environment, record, latency?.ms ?? 0),
    });
    cancel.clear();
    records.push({ call, environment, jobs });
    needs[id] = asNeeded(jobs);
  }
  return records;
}

/**
 * A workflow run by hand that runs its own steps (rollback.yml): its dispatch inputs, the
 * repository's variables and secrets, the environment's reviewer answering as for a deploy.
 */
export async function playDispatch(
  options: PlayOptions,
  run: { file: string; github: RunContext; workspace: string; inputs: Record<string, string> },
): Promise<CallRecord> {
  const { parts, reporter } = options;
  const workflow = loadWorkflow(run.file);
  const environment = run.inputs.environment as Environment;
  const vars = repositoryVariables(parts, '');
  const secrets = repositorySecrets(parts);
  reporter.note(`${path.basename(run.file)} run by hand with ${JSON.stringify(run.inputs)}`);
  const jobs = await runWorkflow({
    workflow,
    runnerEnv: RUNNER_ENV,
    repoRoot: options.repoRoot,
    thisRepository: THIS_REPOSITORY,
    workspace: run.workspace,
    reporter,
    stepTimeoutMs: 5 * 60_000,
    call: { github: run.github, inputs: callInputs(workflow, run.inputs), secrets, vars },
    standIns: thirdPartyStandIns(parts),
  });
  const call = {
    caller: path.basename(run.file),
    job: Object.keys(workflow.jobs)[0] ?? '',
    uses: run.file,
    needs: [],
    inputs: run.inputs,
    secrets,
  };
  return { call, environment, jobs };
}
