// The environments part of the policy file: deployment branches, reviewers (users or org/team),
// self-review, wait timer.
import { parseDuration } from '@shipline/toolkit';
import type { FieldReader, Path } from './repo-policy-fields.js';

export type Reviewer = { type: 'User'; login: string } | { type: 'Team'; org: string; slug: string };

export interface EnvironmentRule {
  /** Branch name patterns allowed to deploy; undefined lets every branch deploy. */
  deploymentBranches?: string[];
  reviewers: Reviewer[];
  preventSelfReview: boolean;
  waitTimerMinutes: number;
}

const KEYS = ['deployment_branches', 'reviewers', 'prevent_self_review', 'wait_timer'];
const PATTERN = /^[^\s~^:\\\p{Cc}]{1,255}$/u;
const LOGIN = '[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}';
const USER = new RegExp(`^${LOGIN}$`);
const TEAM = new RegExp(`^(${LOGIN})/([a-z0-9][a-z0-9_-]{0,99})$`);
const MAX_REVIEWERS = 6; // GitHub's limit per environment
const MAX_WAIT_MINUTES = 43_200; // 30 days, GitHub's limit

export function reviewerName(reviewer: Reviewer): string {
  return reviewer.type === 'User' ? reviewer.login : `${reviewer.org}/${reviewer.slug}`;
}

export function readEnvironment(r: FieldReader, path: Path, raw: unknown): EnvironmentRule {
  const e = r.object(path, raw, KEYS, 'deployment_branches: [main]') ?? {};
  const reviewers = readReviewers(r, [...path, 'reviewers'], e.reviewers);
  const selfPath = [...path, 'prevent_self_review'];
  if (e.prevent_self_review === true && reviewers.length === 0)
    r.fail(selfPath, 'is true but the environment has no reviewers: add reviewers', 'reviewers: [octocat]');
  return {
    deploymentBranches: readBranches(r, [...path, 'deployment_branches'], e.deployment_branches),
    reviewers,
    preventSelfReview: r.boolean(selfPath, e.prevent_self_review, reviewers.length > 0),
    waitTimerMinutes: readWait(r, [...path, 'wait_timer'], e.wait_timer),
  };
}

/** Undefined (every branch may deploy) when the key is left out. */
function readBranches(r: FieldReader, path: Path, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const branches: string[] = [];
  const list = r.list(path, value, '[main, hotfix/*]');
  list.forEach((item, i) => {
    const name = r.string(
      [...path, i],
      item,
      PATTERN,
      'must be a branch name or pattern such as hotfix/*',
      'main',
    );
    if (name !== undefined && branches.includes(name))
      r.fail([...path, i], `repeats ${JSON.stringify(name)}`, 'each branch once');
    else if (name !== undefined) branches.push(name);
  });
  if (list.length === 0)
    r.fail(path, 'is empty: no branch could deploy (leave the key out to allow every branch)', '[main]');
  return branches;
}

function readReviewers(r: FieldReader, path: Path, value: unknown): Reviewer[] {
  const example = '[octocat, my-org/release-managers]';
  const list = r.list(path, value, example);
  if (list.length > MAX_REVIEWERS)
    r.fail(
      path,
      `has ${list.length} entries: GitHub allows at most ${MAX_REVIEWERS} users or teams`,
      example,
    );
  const reviewers: Reviewer[] = [];
  list.forEach((item, i) => {
    const text = r.string([...path, i], item, /^\S+$/, 'must be a user login or org/team-slug', 'octocat');
    if (text === undefined) return;
    const team = TEAM.exec(text);
    const reviewer: Reviewer | undefined = team
      ? { type: 'Team', org: team[1]!, slug: team[2]! }
      : USER.test(text)
        ? { type: 'User', login: text }
        : undefined;
    if (!reviewer)
      r.fail(
        [...path, i],
        `is ${JSON.stringify(text)}: not a user login nor an org/team-slug`,
        'my-org/release-managers',
      );
    else if (reviewers.some((x) => reviewerName(x).toLowerCase() === text.toLowerCase()))
      r.fail([...path, i], `repeats ${text}`, 'each reviewer once');
    else reviewers.push(reviewer);
  });
  return reviewers;
}

function readWait(r: FieldReader, path: Path, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value === 'number')
    return r.integer(path, value, { min: 0, max: MAX_WAIT_MINUTES, why: 'minutes' }, 0);
  let minutes = NaN;
  try {
    minutes = typeof value === 'string' ? parseDuration(value) / 60_000 : NaN;
  } catch {
    // not a duration: reported below
  }
  if (Number.isInteger(minutes) && minutes <= MAX_WAIT_MINUTES) return minutes;
  const rule = `must be whole minutes from 0 to ${MAX_WAIT_MINUTES} (30 days), as a number of minutes or a duration`;
  r.fail(path, `is ${JSON.stringify(value)}: ${rule}`, '15m');
  return 0;
}
