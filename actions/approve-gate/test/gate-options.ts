// The issue gate's options as the action's defaults give them (approvers alice and bob, initiator
// dev-dana), but poll-interval 15s (the default before issue #22: the tests' exact gaps and counts
// are written for it), shared by the run()-level tests and the benchmark. No nock here.
import type { IssueGateOptions } from '../src/gate.js';
import { parseApprover } from '../src/approvers.js';

export function gateOptions(overrides: Partial<IssueGateOptions> = {}): IssueGateOptions {
  return {
    approvers: ['alice', 'bob'].map(parseApprover),
    minimumApprovals: 1,
    approveWords: ['approve', 'approved', 'lgtm', 'yes'],
    denyWords: ['deny', 'denied', 'no'],
    allowSelfApproval: false,
    environment: 'production',
    version: 'v2',
    issueLabels: [],
    targetRepository: undefined,
    timeoutMs: 6 * 3_600_000,
    pollIntervalMs: 15_000,
    initiators: ['dev-dana'],
    ...overrides,
  };
}
