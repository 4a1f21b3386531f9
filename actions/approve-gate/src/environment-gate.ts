// The environment gate: reports who approved the environment in the run's own review history.
import { ApproverCheck, type ApproverRules } from './approvers.js';
import type { Vote } from './decision.js';
import type { GateDeps, GateResult } from './gate.js';
import { isoSeconds } from './iso-seconds.js';
import { runUrl, type RunInfo } from './run-info.js';

export interface EnvironmentGateOptions extends ApproverRules {
  environment: string;
}

const DEADLINE_MS = 5 * 60_000;

/**
 * For repositories that use GitHub's own required reviewers: reads the run's review history and
 * reports who approved `environment`. No approval recorded for it is a failure: the audit trail
 * "approved before production" is missing. With `approvers` given, only those count.
 */
export async function runEnvironmentGate(
  options: EnvironmentGateOptions,
  run: RunInfo,
  { api, clock, log }: GateDeps,
): Promise<GateResult> {
  const started = clock.now();
  const deadline = started + DEADLINE_MS;
  const reviews = await log.group(`Read the review history of run ${run.runId}`, () =>
    api.listRunApprovals(run.repo, run.runId, deadline),
  );
  const wanted = options.environment.toLowerCase();
  const relevant = reviews.filter((r) => r.environments.some((e) => e.toLowerCase() === wanted));
  log.info(
    `${reviews.length} review(s) on this run, ${relevant.length} for environment ${options.environment}.`,
  );
  const check = new ApproverCheck(options, (org, slug, login) =>
    api.isTeamMember(org, slug, login, deadline),
  );
  const decidedAt = isoSeconds(clock.now());
  const votes: Vote[] = [];
  for (const review of relevant) {
    const decision =
      review.state === 'approved' ? 'approved' : review.state === 'rejected' ? 'denied' : undefined;
    if (!decision) continue;
    const login = review.login.toLowerCase();
    const eligibility = await check.eligible(login, decision === 'approved' ? 'approve' : 'deny', 'review');
    if (!eligibility.ok) {
      log.warning(`The ${decision} review by @${login} does not count: @${login} ${eligibility.reason}.`);
      continue;
    }
    // The review history has no time stamps: `at` is when this step read it.
    votes.push({ login, decision, at: decidedAt, via: eligibility.via, url: runUrl(run) });
  }
  const denial = votes.find((v) => v.decision === 'denied');
  const approvals = votes.filter((v) => v.decision === 'approved');
  const base = {
    decidedAt,
    requests: { sent: api.stats.requests, notModified: api.stats.notModified },
    waitedMs: 0,
  };
  if (denial) {
    return {
      ...base,
      status: 'denied',
      votes: [...approvals, denial],
      message: `Deployment to ${options.environment} was rejected by @${denial.login}.`,
    };
  }
  if (approvals.length > 0) {
    const names = approvals.map((v) => `@${v.login}`).join(', ');
    return {
      ...base,
      status: 'approved',
      votes: approvals,
      message: `Deployment to ${options.environment} was approved by ${names}.`,
    };
  }
  return {
    ...base,
    status: undefined,
    votes: [],
    message:
      `Run ${run.runId} has no approval for environment ${options.environment}` +
      (relevant.length > 0 ? ' that counts' : '') +
      ': give the job that deploys `environment: ' +
      options.environment +
      '` required reviewers, or use mode issue.',
  };
}
