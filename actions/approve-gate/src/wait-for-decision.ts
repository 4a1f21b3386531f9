// The issue gate's wait: polls the issue's comments until the votes decide or the deadline passes.
import { GitHubApiError } from '@shipline/github';
import { formatDuration, PollTimeoutError } from '@shipline/toolkit';
import { ApproverCheck } from './approvers.js';
import { CommentWatcher } from './comment-watcher.js';
import { tally, type Tally } from './decision.js';
import type { GateDeps, IssueGateOptions } from './gate.js';
import type { OpenedIssue } from './github-types.js';
import { pollOnSchedule, PollSchedule } from './poll-schedule.js';

const PROGRESS_EVERY_MS = 5 * 60_000;

/**
 * Polls the issue's comments until the votes decide, at the deadline throwing the toolkit's
 * PollTimeoutError (whose lastValue is the last Tally), also when GitHub asks for a wait (rate
 * limit, 5xx backoff) that would end past the deadline: then it sleeps until the deadline, so the
 * gate ends timed-out at its time rather than failing early. When to check is PollSchedule's
 * (poll-interval, GitHub's x-poll-interval, rate limits); each vote that does not count is
 * reported once, as a warning with the reason.
 */
export async function waitForDecision(
  options: IssueGateOptions,
  issue: OpenedIssue,
  { api, clock, signal, log }: GateDeps,
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
  const untilDeadline = async <T>(attempt: number, step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof GitHubApiError && error.outlastsDeadline)) throw error;
      log.warning(`${error.message}; GitHub asks to wait past the deadline, so the gate waits until it.`);
      await clock.sleep(Math.max(0, deadline - clock.now()), signal);
      throw new PollTimeoutError(current, attempt);
    }
  };
  return pollOnSchedule<Tally>({
    check: (attempt) =>
      untilDeadline(attempt, async () => {
        const rateLimitedBefore = api.stats.rateLimited;
        const changed = await watcher.check(deadline);
        if (changed) {
          changes++;
          current = await tally(watcher.current, options, approvers);
          // A decision read from merged partial answers is confirmed on the full list first.
          if (current.status !== 'pending' && !watcher.complete) {
            const seen = current.status;
            current = await tally(await watcher.snapshot(deadline), options, approvers);
            // A deletion on page 1 during that read shifts a comment past the page boundary,
            // unseen: a deny seen before is dropped only when a second full read agrees.
            if (seen === 'denied' && current.status !== 'denied') {
              current = await tally(await watcher.snapshot(deadline), options, approvers);
            }
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
        const rateLimited = api.stats.rateLimited > rateLimitedBefore;
        const outcome = { changed, askedIntervalMs: watcher.askedIntervalMs, rateLimited };
        return { done: current.status !== 'pending', value: current, outcome };
      }),
    schedule: new PollSchedule(options.pollIntervalMs),
    deadline,
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
