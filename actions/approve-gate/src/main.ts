import * as core from '@actions/core';
import { context, getOctokit } from '@actions/github';
import { actionLog, actionMain, maskSecret, systemClock } from '@shipline/toolkit';
import { runEnvironmentGate } from './environment-gate.js';
import type { GateResult } from './gate.js';
import { GitHubApi } from './github-api.js';
import { readGateInputs } from './inputs.js';
import { runIssueGate } from './issue-gate.js';
import { rememberClosed, rememberOpened, rememberOutcome } from './issue-state.js';
import { setIssueOutputs, setOutputs, writeSummary } from './outputs.js';
import { runInfoFrom } from './run-info.js';

/** Reads and validates every input (no API call before that), runs the gate, publishes the result. */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    maskSecret(core.getInput('token'));
    const run = runInfoFrom(context);
    const inputs = readGateInputs(run.initiators);
    const clock = systemClock;
    const api = new GitHubApi(getOctokit(inputs.token), { clock, signal, warn: actionLog.warning });
    const deps = { api, clock, signal, log: actionLog };
    let result: GateResult;
    if (inputs.mode === 'environment') {
      const environment = inputs.environment as string;
      result = await runEnvironmentGate({ ...inputs, environment, initiators: run.initiators }, run, deps);
    } else {
      result = await runIssueGate({ ...inputs, initiators: run.initiators }, run, {
        ...deps,
        onOpened: (issue) => {
          rememberOpened(issue);
          setIssueOutputs(issue);
        },
        onClosing: rememberOutcome,
        onClosed: rememberClosed,
      });
    }
    setOutputs(result);
    await writeSummary(inputs.mode, result);
    if (result.status === 'approved') core.info(result.message);
    else core.setFailed(result.message);
  });
}
