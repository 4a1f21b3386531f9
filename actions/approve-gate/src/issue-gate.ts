import { CancelledError, formatDuration, poll, PollTimeoutError } from '@shipline/toolkit';
import { ApproverCheck, describeApprover } from './approvers.js';
import { GitHubApiError } from './api-errors.js';
import { CommentWatcher } from './comment-watcher.js';
import { tally, type Tally, type TallyRules } from './decision.js';
import { isoSeconds, type GateDeps, type GateResult } from './gate.js';
import type { Repo } from './github-api.js';
import { issueBody, issueTitle, outcomeComment, type Outcome, type Request } from './issue-text.js';
import type { RunInfo } from './run-info.js';

export interface IssueGateOptions extends Request, TallyRules {
  issueLabels: string[];
  targetRepository: string | undefined;
  pollIntervalMs: number;
  initiators: string[];
}

export interface OpenedIssue extends Repo {
  number: number;
  url: string;
}

export interface IssueGateDeps extends GateDeps {
  /** Called as soon as the issue exists (state for the post step, early outputs). */
  onOpened(issue: OpenedIssue): void;
  onClosed(issue: OpenedIssue): void;
}

const CLOSE_WITHIN_MS = 60_000;
/** After SIGINT the runner sends SIGTERM 7.5 s later: the closing comment must be quicker. */
const CLOSE_ON_CANCEL_MS = 5_000;
const PROGRESS_EVERY_MS = 5 * 60_000;

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
    const body = issueBody(options, run, new Date(deadline));
    const title = issueTitle(options, run);
    const created = await api.createIssue(
      target,
      { title, body, assignees, labels: options.issueLabels },
      deadline,
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
  await log.group('Close the approval issue', () =>
    closeIssue(outcome, issue, run, deps, clock.now() + CLOSE_WITHIN_MS),
  );
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

async function waitForDecision(
  options: IssueGateOptions,
  issue: OpenedIssue,
  { api, clock, signal, log }: IssueGateDeps,
  deadline: number,
): Promise<Tally> {
  const watcher = new CommentWatcher(api, issue, issue.number);
  const approvers = new ApproverCheck(options, (org, slug, login) =>
    api.isTeamMember(org, slug, login, deadline),
  );
  const reported = new Set<string>();
  let current: Tally = { status: 'pending', approvals: [], ignored: [] };
  let changes = 0;
  let lastProgress = Number.NEGATIVE_INFINITY;
  let loggedChanges = -1;
  return poll<Tally>({
    check: async () => {
      if (await watcher.check(deadline)) {
        changes++;
        current = await tally(watcher.current, options, approvers);
        // A decision read from merged partial answers is confirmed on the full list first.
        if (current.status !== 'pending' && !watcher.complete) {
          current = await tally(await watcher.snapshot(deadline), options, approvers);
        }
        for (const { comment, reason } of current.ignored) {
          const key = `${comment.id}@${comment.updatedAt}`;
          if (reported.has(key)) continue;
          reported.add(key);
          log.warning(
            `Not counted: @${comment.login} wrote "${comment.body.trim()}" but ${reason} (${comment.url}).`,
          );
        }
        for (const vote of current.approvals) {
          const key = `vote:${vote.login}`;
          if (reported.has(key)) continue;
          reported.add(key);
          log.info(`Approval by @${vote.login} (as ${vote.via}) at ${vote.at}.`);
        }
      }
      return { done: current.status !== 'pending', value: current, fingerprint: String(changes) };
    },
    deadline,
    minIntervalMs: options.pollIntervalMs,
    maxIntervalMs: Math.max(options.pollIntervalMs, Math.min(4 * options.pollIntervalMs, 60_000)),
    clock,
    signal,
    onWait: ({ value, nextInMs }) => {
      if (clock.now() - lastProgress < PROGRESS_EVERY_MS && loggedChanges === changes) return;
      lastProgress = clock.now();
      loggedChanges = changes;
      log.info(
        `Waiting: ${value.approvals.length} of ${options.minimumApprovals} approval(s), ` +
          `${formatDuration(deadline - clock.now())} left; next check in ${formatDuration(nextInMs)} ` +
          `(${api.stats.requests} requests so far, ${api.stats.notModified} answered 304 and not counted).`,
      );
    },
  });
}

async function closeIssue(
  outcome: Outcome,
  issue: OpenedIssue,
  run: RunInfo,
  { api, log, onClosed }: IssueGateDeps,
  deadline: number,
  signal?: AbortSignal,
): Promise<void> {
  await api.addComment(issue, issue.number, outcomeComment(outcome, run), deadline, signal);
  await api.closeIssue(
    issue,
    issue.number,
    outcome.status === 'approved' ? 'completed' : 'not_planned',
    deadline,
    signal,
  );
  onClosed(issue);
  log.info(`Closed ${issue.url} (${outcome.status}).`);
}

/** Best effort: the post step tries again if this does not get through. */
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
  const within = cancelled ? CLOSE_ON_CANCEL_MS : CLOSE_WITHIN_MS;
  try {
    await closeIssue(outcome, issue, run, deps, deps.clock.now() + within, AbortSignal.timeout(within));
  } catch (closeError) {
    const why = closeError instanceof GitHubApiError ? closeError.message : String(closeError);
    deps.log.warning(`Could not close ${issue.url} now (${why}); the post step will try again.`);
  }
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
      votes: [d],
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
