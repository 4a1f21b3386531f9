// The post step (post-if: always()): if main opened an approval issue and could not close it
// (killed, cancelled while GitHub was slow, crashed), close it now with the comment main meant to
// post (or a "cancelled" one), so no stale approval request stays open. When main died while
// creating the issue (its number never learnt), the issue is found by the marker in its body.
// Never fails the job.
import * as core from '@actions/core';
import { context, getOctokit } from '@actions/github';
import { maskSecret, runnerLog, systemClock } from '@shipline/toolkit';
import { GitHubApi } from './github-api.js';
import { issueLeftOpen } from './issue-state.js';
import { outcomeComment } from './issue-text.js';
import { commentOnce, findIssue, hasComment } from './issue-writes.js';
import { runInfoFrom } from './run-info.js';

/** One request timeout (GitHub ends a request after 10 s): a call that got no answer is not tried again. */
const WITHIN_MS = 15_000;

async function closeLeftOpen(): Promise<void> {
  const left = issueLeftOpen();
  if (!left) return;
  const token = core.getInput('token');
  maskSecret(token);
  const warn = (m: string) => runnerLog.warning(m);
  const api = new GitHubApi(getOctokit(token), { clock: systemClock, warn });
  const deadline = Date.now() + WITHIN_MS;
  const where = left.issue?.url ?? 'the approval issue';
  try {
    let issue = left.issue;
    if (!issue && left.creating) {
      const found = await findIssue(api, left.creating, deadline);
      if (!found) return runnerLog.info('The main step did not get to open an approval issue.');
      issue = { ...left.creating.repo, ...found };
    }
    if (!issue || !(await api.issueIsOpen(issue, issue.number, deadline))) return;
    const reason = 'the job ended before the gate could record a decision';
    const comment =
      left.outcome?.comment ?? outcomeComment({ status: 'cancelled', reason }, runInfoFrom(context));
    // main may have posted it before it died: commentOnce looks before posting again.
    if (!(await hasComment(api, issue, issue.number, comment, deadline))) {
      await commentOnce(api, issue, issue.number, comment, deadline, warn);
    }
    await api.closeIssue(issue, issue.number, left.outcome?.reason ?? 'not_planned', deadline);
    runnerLog.info(`Closed ${issue.url}, which the main step left open.`);
  } catch (error) {
    runnerLog.warning(`Could not close ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

await closeLeftOpen();
