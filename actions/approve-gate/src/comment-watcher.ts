// CommentWatcher: follows one issue's comments with conditional requests, at the lowest rate-limit cost.
import { PER_PAGE, type GitHubApi } from './github-api.js';
import type { IssueComment, Repo } from './github-types.js';
import { isoSeconds } from './iso-seconds.js';

interface Page {
  etag: string | undefined;
  comments: IssueComment[];
  hasNext: boolean;
}

/**
 * Follows the comments of one issue at the lowest rate-limit cost that still misses nothing.
 *
 * A check asks every page it knows of `comments?per_page=100[&since=…]` with If-None-Match, plus
 * the page after a full last one (where the next comment would land). An unchanged page is a 304,
 * which GitHub does not count against the rate limit; a new, edited or deleted comment changes
 * the ETag of the page it is on (and of the pages after it). So an idle check is usually one free
 * request. When the list grows past one page, `since` (which filters on updated_at: new comments
 * and edits both match) moves up to the newest comment seen, minus a second since GitHub's times
 * have whole seconds, and checks are back to one page. From then on older comments are remembered
 * rather than re-read, so a decision is confirmed by a full read (`snapshot`) before it is final.
 */
export class CommentWatcher {
  private since: string | undefined;
  private pages: Page[] = [];
  private older = new Map<number, IssueComment>();
  /** The longest `x-poll-interval` GitHub sent in the last check, if any: the next one waits that long. */
  askedIntervalMs: number | undefined;

  constructor(
    private readonly api: GitHubApi,
    private readonly repo: Repo,
    private readonly issueNumber: number,
  ) {}

  /** True when the current view is the full list as GitHub had it at the last check. */
  get complete(): boolean {
    return this.since === undefined;
  }

  get current(): IssueComment[] {
    const all = new Map(this.older);
    for (const page of this.pages) for (const c of page.comments) all.set(c.id, c);
    return [...all.values()];
  }

  /** One check; returns whether anything changed since the last one. */
  async check(deadline: number): Promise<boolean> {
    let changed = false;
    this.askedIntervalMs = undefined;
    for (let index = 0; ; index++) {
      const known = this.pages[index];
      const answer = await this.api.commentPage(
        this.repo,
        this.issueNumber,
        {
          ...(this.since ? { since: this.since } : {}),
          page: index + 1,
          ...(known?.etag ? { etag: known.etag } : {}),
        },
        deadline,
      );
      if (answer.askedIntervalMs !== undefined) {
        this.askedIntervalMs = Math.max(this.askedIntervalMs ?? 0, answer.askedIntervalMs);
      }
      const page = answer.notModified ? known : answer;
      if (!page) throw new Error('GitHub answered 304 to a request without If-None-Match');
      if (!answer.notModified) {
        changed = true;
        this.pages[index] = { etag: answer.etag, comments: answer.comments, hasNext: answer.hasNext };
      }
      if (!page.hasNext && page.comments.length < PER_PAGE) {
        this.pages.length = index + 1;
        break;
      }
    }
    if (this.pages.length > 1) this.narrow();
    return changed;
  }

  /** Reads every page without filter: the view becomes exactly what GitHub has (deletions included). */
  async snapshot(deadline: number): Promise<IssueComment[]> {
    const comments = await this.api.listComments(this.repo, this.issueNumber, deadline);
    this.older = new Map(comments.map((c) => [c.id, c]));
    this.pages = []; // they may hold a comment deleted since: read them afresh at the next check
    return comments;
  }

  private narrow(): void {
    const all = this.current;
    const newest = Math.max(...all.map((c) => Date.parse(c.updatedAt)));
    const since = isoSeconds(newest - 1_000);
    if (since === this.since) return; // a burst within one second: keep checking its pages
    this.older = new Map(all.map((c) => [c.id, c]));
    this.since = since;
    this.pages = [];
  }
}
