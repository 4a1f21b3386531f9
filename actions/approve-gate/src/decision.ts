// Counting the votes in an issue's comments: who approved, who denied, what did not count and why.
import type { ApproverCheck } from './approvers.js';
import type { IssueComment } from './github-types.js';
import { verdictOf } from './words.js';

export interface Vote {
  login: string;
  decision: 'approved' | 'denied';
  at: string;
  /** `@login` when listed by name, `@org/team` when counted as a team member. */
  via: string;
  url: string;
}

export interface Ignored {
  comment: IssueComment;
  reason: string;
}

export interface Tally {
  status: 'approved' | 'denied' | 'pending';
  approvals: Vote[];
  denial?: Vote;
  /** When the decision was made: the vote that reached the minimum, or the deny. */
  decidedAt?: string;
  ignored: Ignored[];
}

export interface TallyRules {
  minimumApprovals: number;
  approveWords: string[];
  denyWords: string[];
}

/**
 * Counts the votes in the comments: any deny by an approver denies; otherwise `minimumApprovals`
 * distinct approvers approve. An approval counts only from a comment never edited: anyone with
 * write access can edit someone else's comment, and GitHub does not say who edited it. An edited
 * deny still counts (a deny is always safe). Comments that are not exactly a vote word are
 * conversation and not reported.
 */
const EDITED =
  'the comment was edited after it was posted, and an edited comment cannot approve (anyone with ' +
  'write access can edit it); post a new comment to approve';

export async function tally(
  comments: IssueComment[],
  rules: TallyRules,
  check: ApproverCheck,
): Promise<Tally> {
  const ordered = [...comments].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id);
  const approvals = new Map<string, Vote>();
  const ignored: Ignored[] = [];
  let denial: Vote | undefined;
  for (const comment of ordered) {
    const verdict = verdictOf(comment.body, rules.approveWords, rules.denyWords);
    if (!verdict) continue;
    if (verdict === 'approve' && comment.updatedAt !== comment.createdAt) {
      ignored.push({ comment, reason: EDITED });
      continue;
    }
    const eligibility = await check.eligible(comment.login, verdict, `${comment.id}@${comment.updatedAt}`);
    if (!eligibility.ok) {
      ignored.push({ comment, reason: eligibility.reason });
      continue;
    }
    const vote: Vote = {
      login: comment.login,
      decision: verdict === 'deny' ? 'denied' : 'approved',
      at: comment.updatedAt,
      via: eligibility.via,
      url: comment.url,
    };
    if (verdict === 'deny') {
      denial ??= vote;
    } else if (!approvals.has(comment.login)) {
      approvals.set(comment.login, vote);
    }
  }
  const votes = [...approvals.values()];
  if (denial) return { status: 'denied', approvals: votes, denial, decidedAt: denial.at, ignored };
  if (votes.length >= rules.minimumApprovals) {
    const deciding = votes[rules.minimumApprovals - 1] as Vote;
    return { status: 'approved', approvals: votes, decidedAt: deciding.at, ignored };
  }
  return { status: 'pending', approvals: votes, ignored };
}
