// FakeGitHubIssues: GitHub's issues REST API on 127.0.0.1, for approve-gate run as the runner runs
// it (nock cannot reach a child process), its benchmark and the rehearsal: issues (created, listed
// with state, creator, labels and since filters), comments with `since`, per_page/page and Link
// headers, comment edits and deletions, weak ETags with If-None-Match → 304, team memberships, a
// run's review history, and scripted faults (answered instead of the request, or after doing it)
// and comments. Every request is logged with whether GitHub would count it against the rate limit
// (a 304 is not).
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeComment, FakeIssue, Fault, LoggedRequest } from './github-issues-model.js';
import { issueJson, listComments, listIssues } from './github-issues-views.js';

export type { FakeComment, FakeIssue, Fault, LoggedRequest } from './github-issues-model.js';

/** Something that happens `afterMs` after the approval issue was opened, and not before `when` holds. */
export interface ScriptStep {
  afterMs: number;
  /**
   * Checked as each request arrives, before it is handled: a step that follows what the client has
   * asked (say, its n-th read) rather than the clock. What such a step writes carries the time it runs.
   */
  when?: (api: FakeGitHubIssues) => boolean;
  run: (api: FakeGitHubIssues, issue: FakeIssue) => void;
}

/** Who the token is: what the fake writes (issues, comments, edits) is done as this user. */
export const TOKEN_USER = { login: 'github-actions[bot]', type: 'Bot' };

const iso = (ms: number): string =>
  new Date(Math.floor(ms / 1_000) * 1_000).toISOString().replace('.000Z', 'Z');

export class FakeGitHubIssues {
  readonly issues = new Map<string, FakeIssue>();
  readonly teams = new Map<string, Set<string>>();
  readonly requests: LoggedRequest[] = [];
  runApprovals: unknown[] = [];
  script: ScriptStep[] = [];
  /** Faults served in order to requests whose "METHOD path" matches. */
  readonly faults: { match: RegExp; fault: Fault }[] = [];
  private server?: http.Server;
  private nextIssue = 1;
  private nextComment = 1000;
  private openedAt?: number;
  /** While a script step runs: its scheduled time (now for one held by `when`), so what it writes carries it. */
  private scriptedAt?: number;
  url = '';

  constructor(readonly now: () => number = Date.now) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => this.handle(req, body, res));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** `org/slug`, matched without regard to case as GitHub does. */
  team(slug: string, members: string[]): this {
    this.teams.set(slug.toLowerCase(), new Set(members.map((m) => m.toLowerCase())));
    return this;
  }

  fail(match: RegExp, ...faults: Fault[]): this {
    for (const fault of faults) this.faults.push({ match, fault });
    return this;
  }

  /** The one issue the gate opened (tests open one per server). */
  get issue(): FakeIssue {
    const issue = [...this.issues.values()][0];
    if (!issue) throw new Error('no issue was opened');
    return issue;
  }

  private stamp(): string {
    return iso(this.scriptedAt ?? this.now());
  }

  comment(issue: FakeIssue, login: string, body: string, type = 'User'): FakeComment {
    const at = this.stamp();
    const comment: FakeComment = {
      id: this.nextComment++,
      user: { login, type },
      body,
      created_at: at,
      updated_at: at,
      html_url: `https://github.test/issues/${issue.number}#issuecomment-${this.nextComment - 1}`,
    };
    issue.comments.push(comment);
    issue.updated_at = at;
    return comment;
  }

  /** An edit, by its author or anyone with write access (GitHub does not say who edited). */
  edit(comment: FakeComment, body: string): void {
    comment.body = body;
    comment.updated_at = this.stamp();
  }

  /** Deletes a comment from whichever issue holds it; false when there is none with that id. */
  deleteComment(id: number): boolean {
    for (const issue of this.issues.values()) {
      const index = issue.comments.findIndex((c) => c.id === id);
      if (index >= 0) return (issue.comments.splice(index, 1), true);
    }
    return false;
  }

  private findComment(id: number): FakeComment | undefined {
    for (const issue of this.issues.values()) {
      const comment = issue.comments.find((c) => c.id === id);
      if (comment) return comment;
    }
    return undefined;
  }

  counted(): number {
    return this.requests.filter((r) => r.counted).length;
  }

  private runScript(): void {
    if (this.openedAt === undefined) return;
    const elapsed = this.now() - this.openedAt;
    const isDue = (s: ScriptStep) => s.afterMs <= elapsed && (s.when?.(this) ?? true);
    const due = this.script.filter(isDue);
    this.script = this.script.filter((s) => !due.includes(s));
    for (const step of due.sort((a, b) => a.afterMs - b.afterMs)) {
      this.scriptedAt = step.when ? this.now() : this.openedAt + step.afterMs;
      step.run(this, this.issue);
    }
    this.scriptedAt = undefined;
  }

  private handle(req: http.IncomingMessage, text: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({
        method,
        path: url.pathname,
        query: url.searchParams,
        status,
        counted: status !== 304,
      });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(status === 304 || status === 204 ? undefined : JSON.stringify(body));
    };
    if (!/^token \S+$/.test(req.headers.authorization ?? ''))
      return send(401, { message: 'Requires authentication' });
    const index = this.faults.findIndex((f) => f.match.test(`${method} ${url.pathname}`));
    const fault = index >= 0 ? (this.faults.splice(index, 1)[0] as { fault: Fault }).fault : undefined;
    const sendFault = (f: Fault) => {
      const answer = () => send(f.status, f.body ?? { message: `fault ${f.status}` }, f.headers);
      if (f.delayMs) setTimeout(() => !res.destroyed && answer(), f.delayMs).unref();
      else answer();
    };
    if (fault && !fault.afterHandling) return sendFault(fault);
    this.runScript();
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const answer = this.route(method, url, body);
    if (fault) return sendFault(fault);
    if (!answer) return send(404, { message: 'Not Found' });
    if (method !== 'GET') return send(answer.status ?? 200, answer.body);
    const json = JSON.stringify(answer.body);
    const etag = `W/"${createHash('sha1')
      .update(json + url.search)
      .digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return send(304, undefined, { etag });
    send(200, answer.body, { etag, ...(answer.link ? { link: answer.link } : {}) });
  }

  private route(
    method: string,
    url: URL,
    body: Record<string, unknown>,
  ): { status?: number; body: unknown; link?: string } | undefined {
    const p = url.pathname;
    let m = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(p);
    if (m && method === 'POST') return { status: 201, body: this.createIssue(m[1] as string, body) };
    if (m && method === 'GET') return { body: listIssues(this.issues, m[1] as string, url.searchParams) };
    m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(p);
    if (m) {
      const comment = this.findComment(Number(m[1]));
      if (!comment) return undefined;
      if (method === 'PATCH') return (this.edit(comment, String(body.body)), { body: comment });
      if (method === 'DELETE') return (this.deleteComment(comment.id), { status: 204, body: '' });
      if (method === 'GET') return { body: comment };
    }
    m = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)(\/comments)?$/.exec(p);
    if (m) {
      const issue = this.issues.get(`${m[1]}#${m[2]}`);
      if (!issue) return undefined;
      if (!m[3] && method === 'GET') return { body: issueJson(issue) };
      if (!m[3] && method === 'PATCH') {
        issue.state = body.state as 'open' | 'closed';
        issue.state_reason = (body.state_reason as string) ?? null;
        issue.updated_at = iso(this.now());
        return { body: issueJson(issue) };
      }
      if (m[3] && method === 'POST')
        return {
          status: 201,
          body: this.comment(issue, TOKEN_USER.login, String(body.body), TOKEN_USER.type),
        };
      if (m[3] && method === 'GET') return listComments(issue, url);
    }
    m = /^\/orgs\/([^/]+)\/teams\/([^/]+)(?:\/memberships\/([^/]+))?$/.exec(p);
    if (m && method === 'GET') {
      const members = this.teams.get(`${m[1]}/${m[2]}`.toLowerCase());
      if (!members) return undefined;
      if (!m[3]) return { body: { slug: m[2] } };
      return members.has((m[3] as string).toLowerCase())
        ? { body: { state: 'active', role: 'member' } }
        : undefined;
    }
    if (/^\/repos\/[^/]+\/[^/]+\/actions\/runs\/\d+\/approvals$/.test(p) && method === 'GET') {
      return { body: this.runApprovals };
    }
    return undefined;
  }

  private createIssue(repo: string, body: Record<string, unknown>): unknown {
    const issue: FakeIssue = {
      number: this.nextIssue++,
      user: TOKEN_USER,
      title: String(body.title),
      body: String(body.body),
      state: 'open',
      state_reason: null,
      assignees: (body.assignees as string[]) ?? [],
      labels: (body.labels as string[]) ?? [],
      created_at: iso(this.now()),
      updated_at: iso(this.now()),
      comments: [],
    };
    this.issues.set(`${repo}#${issue.number}`, issue);
    this.openedAt = this.now();
    this.runScript();
    return issueJson(issue);
  }
}
