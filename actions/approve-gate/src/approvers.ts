// Who may vote: the approver list (users and org teams) and the check of one login against it.

/** A listed approver: a user login or an organisation team. */
export type Approver = { kind: 'user'; login: string } | { kind: 'team'; org: string; slug: string };

export function parseApprover(item: string): Approver {
  const text = item.replace(/^@/, '');
  const slash = text.indexOf('/');
  if (slash < 0) return { kind: 'user', login: text.toLowerCase() };
  return { kind: 'team', org: text.slice(0, slash).toLowerCase(), slug: text.slice(slash + 1).toLowerCase() };
}

export type Eligibility = { ok: true; via: string } | { ok: false; reason: string };

export interface ApproverRules {
  /** Empty only in environment mode, where it means: whoever GitHub let review. */
  approvers: Approver[];
  /** Logins (lowercase) of who started the run: they may deny but not approve, unless allowed. */
  initiators: string[];
  allowSelfApproval: boolean;
}

export type MembershipCheck = (org: string, slug: string, login: string) => Promise<boolean>;

export function describeApprover(a: Approver): string {
  return a.kind === 'user' ? `@${a.login}` : `@${a.org}/${a.slug}`;
}

/**
 * Decides whether a login may cast a vote. Team membership is asked of GitHub only for someone
 * who actually voted and is not listed by name, when that vote is read: once per team and comment
 * version (`voteKey`), so someone added to or removed from the team while the gate waits is
 * judged by their membership at the time of each vote, not by the first answer.
 */
export class ApproverCheck {
  private readonly memberships = new Map<string, Promise<boolean>>();

  constructor(
    private readonly rules: ApproverRules,
    private readonly isMember: MembershipCheck,
  ) {}

  async eligible(login: string, vote: 'approve' | 'deny', voteKey: string): Promise<Eligibility> {
    const who = login.toLowerCase();
    const via = await this.listedAs(who, voteKey);
    if (!via) return { ok: false, reason: 'is not an approver' };
    if (vote === 'approve' && !this.rules.allowSelfApproval && this.rules.initiators.includes(who)) {
      return { ok: false, reason: 'started this run and may not approve it (allow-self-approval is false)' };
    }
    return { ok: true, via };
  }

  private async listedAs(login: string, voteKey: string): Promise<string | undefined> {
    // Environment mode without a list: GitHub's required reviewers already decided who may review.
    if (this.rules.approvers.length === 0) return 'required reviewer';
    if (this.rules.approvers.some((a) => a.kind === 'user' && a.login === login)) return `@${login}`;
    for (const team of this.rules.approvers) {
      if (team.kind !== 'team') continue;
      const key = `${team.org}/${team.slug}:${login}:${voteKey}`;
      let member = this.memberships.get(key);
      if (!member) {
        member = this.isMember(team.org, team.slug, login);
        this.memberships.set(key, member);
      }
      if (await member) return describeApprover(team);
    }
    return undefined;
  }
}
