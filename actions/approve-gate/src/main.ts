// approve-gate's main step: reads and checks every input (no API call before that), builds the
// GitHub client, runs the gate and publishes its report.
import * as core from '@actions/core';
import { context, getOctokit } from '@actions/github';
import {
  actionLog,
  actionMain,
  maskSecret,
  publishOutputs,
  publishReport,
  systemClock,
} from '@shipline/toolkit';
import { GitHubApi } from './github-api.js';
import { readGateInputs, timeoutWarning } from './inputs.js';
import { rememberClosed, rememberCreating, rememberOpened, rememberOutcome } from './issue-state.js';
import { issueOutputs, report } from './report.js';
import { run } from './run.js';
import { runInfoFrom } from './run-info.js';

export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    maskSecret(core.getInput('token'));
    const runInfo = runInfoFrom(context);
    const inputs = readGateInputs(runInfo.initiators);
    const warning = timeoutWarning(inputs);
    if (warning) actionLog.warning(warning);
    const clock = systemClock;
    const warn = (message: string) => actionLog.warning(message);
    const api = new GitHubApi(getOctokit(inputs.token), { clock, signal, warn });
    const gate = await run(
      { ...inputs, runInfo },
      {
        api,
        clock,
        signal,
        log: actionLog,
        onCreating: rememberCreating,
        onOpened: (issue) => {
          rememberOpened(issue);
          publishOutputs(issueOutputs(issue));
        },
        onClosing: rememberOutcome,
        onClosed: rememberClosed,
      },
    );
    await publishReport(report(inputs.mode, gate));
    if ('ended' in gate) throw gate.ended.error;
  });
}
