import * as core from '@actions/core';
import { context, getOctokit } from '@actions/github';
import { actionLog, actionMain, CancelledError, maskSecret, runnerLog, systemClock } from '@shipline/toolkit';
import { runEnvironmentGate } from './environment-gate.js';
import type { GateResult } from './gate.js';
import { GitHubApi } from './github-api.js';
import { readGateInputs, timeoutWarning } from './inputs.js';
import type { OpenedIssue } from './issue-gate.js';
import { runIssueGate } from './issue-gate.js';
import { rememberClosed, rememberCreating, rememberOpened, rememberOutcome } from './issue-state.js';
import { setIssueOutputs, setOutputs, writeFailureSummary, writeSummary } from './outputs.js';
import { runInfoFrom } from './run-info.js';

/** Reads and validates every input (no API call before that), runs the gate, publishes the result. */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    maskSecret(core.getInput('token'));
    const run = runInfoFrom(context);
    const inputs = readGateInputs(run.initiators);
    const warning = timeoutWarning(inputs);
    if (warning) actionLog.warning(warning);
    const clock = systemClock;
    const api = new GitHubApi(getOctokit(inputs.token), { clock, signal, warn: actionLog.warning });
    const deps = { api, clock, signal, log: actionLog };
    let reached = 'checking the approvers';
    let opened: OpenedIssue | undefined;
    let result: GateResult;
    try {
      if (inputs.mode === 'environment') {
        reached = 'reading the review history';
        const environment = inputs.environment as string;
        result = await runEnvironmentGate({ ...inputs, environment, initiators: run.initiators }, run, deps);
      } else {
        result = await runIssueGate({ ...inputs, initiators: run.initiators }, run, {
          ...deps,
          onCreating: (creating) => {
            reached = 'opening the approval issue';
            rememberCreating(creating);
          },
          onOpened: (issue) => {
            reached = 'waiting for a decision';
            opened = issue;
            rememberOpened(issue);
            setIssueOutputs(issue);
          },
          onClosing: rememberOutcome,
          onClosed: rememberClosed,
        });
      }
    } catch (error) {
      const ending = error instanceof CancelledError || signal.aborted ? 'cancelled' : 'failed';
      const message = error instanceof Error ? error.message : String(error);
      await writeFailureSummary(inputs.mode, { ending, reached, issue: opened, message, api });
      throw error;
    }
    setOutputs(result);
    await writeSummary(inputs.mode, result);
    if (result.status === 'approved') runnerLog.info(result.message);
    else runnerLog.fail(result.message);
  });
}
