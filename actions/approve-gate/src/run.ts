// run(): the gate's mode switch (an issue to vote on, or the environment's review history), and
// where it got to when it ended without a decision.
import { CancelledError } from '@shipline/toolkit';
import { runEnvironmentGate } from './environment-gate.js';
import type { GateDeps, GateResult, IssueHooks } from './gate.js';
import type { OpenedIssue } from './github-types.js';
import type { GateInputs } from './inputs.js';
import { runIssueGate } from './issue-gate.js';
import type { RunInfo } from './run-info.js';

export interface RunOptions extends GateInputs {
  runInfo: RunInfo;
}

export interface RunDeps extends GateDeps, IssueHooks {}

/** A gate that ended without a result: an API error or a cancellation, and what it had reached. */
export interface GateEnded {
  ending: 'failed' | 'cancelled';
  error: unknown;
  message: string;
  reached: string;
  issue: OpenedIssue | undefined;
  requests: { sent: number; notModified: number };
}

export type GateRun = { decided: GateResult } | { ended: GateEnded };

export async function run(options: RunOptions, deps: RunDeps): Promise<GateRun> {
  const { runInfo } = options;
  let reached = 'checking the approvers';
  let opened: OpenedIssue | undefined;
  try {
    if (options.mode === 'environment') {
      reached = 'reading the review history';
      const environment = options.environment as string;
      const gate = { ...options, environment, initiators: runInfo.initiators };
      return { decided: await runEnvironmentGate(gate, runInfo, deps) };
    }
    const decided = await runIssueGate({ ...options, initiators: runInfo.initiators }, runInfo, {
      ...deps,
      onCreating: (creating) => {
        reached = 'opening the approval issue';
        deps.onCreating(creating);
      },
      onOpened: (issue) => {
        reached = 'waiting for a decision';
        opened = issue;
        deps.onOpened(issue);
      },
    });
    return { decided };
  } catch (error) {
    const { requests, notModified } = deps.api.stats;
    return {
      ended: {
        ending: error instanceof CancelledError || deps.signal.aborted ? 'cancelled' : 'failed',
        error,
        message: error instanceof Error ? error.message : String(error),
        reached,
        issue: opened,
        requests: { sent: requests, notModified },
      },
    };
  }
}
