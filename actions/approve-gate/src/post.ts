// The post step (post-if: always()): if main opened an approval issue and could not close it
// (killed, cancelled while GitHub was slow, crashed), close it now with the comment main meant to
// post (or a "cancelled" one), so no stale approval request stays open. Never fails the job.
import * as core from '@actions/core';
import { context, getOctokit } from '@actions/github';
import { maskSecret, systemClock } from '@shipline/toolkit';
import { GitHubApi } from './github-api.js';
import { issueLeftOpen } from './issue-state.js';
import { outcomeComment } from './issue-text.js';
import { runInfoFrom } from './run-info.js';

const WITHIN_MS = 30_000;

const left = issueLeftOpen();
if (left) {
  const { issue } = left;
  const token = core.getInput('token');
  maskSecret(token);
  const api = new GitHubApi(getOctokit(token), { clock: systemClock, warn: (m) => core.warning(m) });
  const deadline = Date.now() + WITHIN_MS;
  try {
    if (await api.issueIsOpen(issue, issue.number, deadline)) {
      const reason = 'the job ended before the gate could record a decision';
      const comment =
        left.outcome?.comment ?? outcomeComment({ status: 'cancelled', reason }, runInfoFrom(context));
      await api.addComment(issue, issue.number, comment, deadline);
      await api.closeIssue(issue, issue.number, left.outcome?.reason ?? 'not_planned', deadline);
      core.info(`Closed ${issue.url}, which the main step left open.`);
    }
  } catch (error) {
    core.warning(`Could not close ${issue.url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
