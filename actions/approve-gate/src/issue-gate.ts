// The issue gate: checks the approvers, opens the approval issue, waits for a decision, closes the
// issue with the outcome, and turns it into the gate's result.
import { GitHubApiError } from '@shipline/github';
import { CancelledError, formatDuration, PollTimeoutError } from '@shipline/toolkit';
import { describeApprover } from './approvers.js';
import type { Tally } from './decision.js';
import type { GateDeps, GateResult, IssueGateDeps, IssueGateOptions } from './gate.js';
import type { CloseReason, OpenedIssue, Repo } from './github-types.js';
import { isoSeconds } from './iso-seconds.js';
import { issueBody, issueTitle, outcomeComment, type Outcome } from './issue-text.js';
import type { RunInfo } from './run-info.js';
import { commentOnce, createIssue, issueMarker } from './issue-writes.js';
import { waitForDecision } from './wait-for-decision.js';

const CLOSE_WITHIN_MS = 60_000;
/** The runner's clock may differ from GitHub's: look for the issue among those updated since a little earlier. */
const CLOCK_SKEW_MS = 10 * 60_000;
/** After SIGINT the runner sends SIGTERM 7.5 s later: the closing comment must be quicker. */
const CLOSE_ON_CANCEL_MS = 5_000;

export async function runIssueGate(
  options: IssueGateOptions,
  run: RunInfo,
  deps: IssueGateDeps,
): Promise<GateResult> {
  const { api, clock, log } = deps;
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  const target = targetRepo(options.targetRepository, run);
  await log.group('Check the approvers', () => checkTeams(options, deps, deadline));
  const issue = await log.group(`Open the approval issue in ${target.owner}/${target.repo}`, async () => {
    const assignees = options.approvers.flatMap((a) => (a.kind === 'user' ? [a.login] : [])).slice(0, 10);
    const marker = issueMarker(run.repo, run.runId, run.runAttempt, run.step);
    const body = `${issueBody(options, run, new Date(deadline))}\n\n${marker}`;
    const title = issueTitle(options, run);
    const creating = {
      repo: target,
      marker,
      labels: options.issueLabels,
      since: isoSeconds(clock.now() - CLOCK_SKEW_MS),
    };
    deps.onCreating(creating);
    const created = await createIssue(
      api,
      creating,
      { title, body, assignees, labels: options.issueLabels },
      deadline,
      log.warning,
    );
    log.info(`Opened ${created.url}: ${title}`);
    return { ...target, number: created.number, url: created.url };
  });
  deps.onOpened(issue);

  let decided: Tally | undefined;
  let outcome: Outcome;
  try {
    decided = await log.group(`Wait for a decision on ${issue.url}`, () =>
      waitForDecision(options, issue, deps, deadline),
    );
    outcome =
      decided.status === 'denied' && decided.denial
        ? { status: 'denied', denial: decided.denial }
        : { status: 'approved', approvals: decided.approvals };
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) {
      await closeAfterFailure(error, issue, run, deps);
      throw error;
    }
    const last = error.lastValue as Tally;
    outcome = {
      status: 'timed-out',
      approvals: last.approvals,
      minimumApprovals: options.minimumApprovals,
      timeoutMs: options.timeoutMs,
    };
  }
  await log.group('Close the approval issue', () => tryToClose(outcome, issue, run, deps, CLOSE_WITHIN_MS));
  return toResult(outcome, decided, issue, deps, clock.now() - started, options);
}

function targetRepo(text: string | undefined, run: RunInfo): Repo {
  if (!text) return run.repo;
  const [owner, repo] = text.split('/') as [string, string];
  return { owner, repo };
}

/** A team GitHub will not show us could never approve: stop before opening an issue nobody can answer. */
async function checkTeams(
  options: IssueGateOptions,
  { api, log }: GateDeps,
  deadline: number,
): Promise<void> {
  for (const a of options.approvers) {
    if (a.kind !== 'team') continue;
    if (!(await api.teamExists(a.org, a.slug, deadline))) {
      throw new Error(
        `Input 'approvers': team ${describeApprover(a)} was not found, or the token cannot read it ` +
          `(github.token cannot read organisation teams: pass a token with read:org as 'token').`,
      );
    }
  }
  log.info(
    `Approvers: ${options.approvers.map(describeApprover).join(', ')}; ${options.minimumApprovals} approval(s) needed.`,
  );
}

/** Best effort: a failure here is a warning (the decision stands) and the post step tries again. */
async function tryToClose(
  outcome: Outcome,
  issue: OpenedIssue,
  run: RunInfo,
  { api, clock, log, onClosing, onClosed }: IssueGateDeps,
  withinMs: number,
): Promise<void> {
  const comment = outcomeComment(outcome, run);
  const reason: CloseReason = outcome.status === 'approved' ? 'completed' : 'not_planned';
  onClosing(comment, reason);
  const deadline = clock.now() + withinMs;
  const signal = AbortSignal.timeout(withinMs);
  try {
    await commentOnce(api, issue, issue.number, comment, deadline, log.warning, signal);
    await api.closeIssue(issue, issue.number, reason, deadline, signal);
    onClosed(issue);
    log.info(`Closed ${issue.url} (${outcome.status}).`);
  } catch (error) {
    const why = error instanceof GitHubApiError ? error.message : String(error);
    log.warning(`Could not close ${issue.url} now (${why}); the post step will try again.`);
  }
}

async function closeAfterFailure(
  error: unknown,
  issue: OpenedIssue,
  run: RunInfo,
  deps: IssueGateDeps,
): Promise<void> {
  const cancelled = error instanceof CancelledError || deps.signal.aborted;
  const outcome: Outcome = cancelled
    ? {
        status: 'cancelled',
        reason: `the run was cancelled (${error instanceof CancelledError ? error.reason : 'aborted'})`,
      }
    : { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  await tryToClose(outcome, issue, run, deps, cancelled ? CLOSE_ON_CANCEL_MS : CLOSE_WITHIN_MS);
}

function toResult(
  outcome: Outcome,
  decided: Tally | undefined,
  issue: OpenedIssue,
  { api, clock }: IssueGateDeps,
  waitedMs: number,
  options: IssueGateOptions,
): GateResult {
  const base = {
    issue: { number: issue.number, url: issue.url },
    requests: { sent: api.stats.requests, notModified: api.stats.notModified },
    waitedMs,
  };
  if (outcome.status === 'denied') {
    const d = outcome.denial;
    return {
      ...base,
      status: 'denied',
      votes: [...(decided?.approvals ?? []), d],
      decidedAt: d.at,
      message: `Denied by @${d.login} (${d.url}).`,
    };
  }
  if (outcome.status === 'approved') {
    const names = outcome.approvals.map((v) => `@${v.login}`).join(', ');
    return {
      ...base,
      status: 'approved',
      votes: outcome.approvals,
      decidedAt: decided?.decidedAt ?? '',
      message: `Approved by ${names}.`,
    };
  }
  const approvals = outcome.status === 'timed-out' ? outcome.approvals : [];
  return {
    ...base,
    status: 'timed-out',
    votes: approvals,
    decidedAt: isoSeconds(clock.now()),
    message:
      `No decision within ${formatDuration(options.timeoutMs)}: ${approvals.length} of ` +
      `${options.minimumApprovals} approval(s) and no deny on ${issue.url}.`,
  };
}
