// A GitHub REST API stand-in on 127.0.0.1 for what approve-gate asks: a run's environment reviews,
// and approval issues whose comments an approver answers after a moment. Just enough of GitHub
// (status codes, ETags with 304, Link-less single pages) for the local rehearsal.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubStandInOptions {
  /** Who answers: reviews the environment and comments on approval issues. */
  approver: string;
  /** What the approver says on an approval issue. Default 'approve'. */
  answer?: string;
  /** How long after an issue is opened the approver comments. Default 1 s. */
  answerAfterMs?: number;
  /** Called with one line per thing that happened, for the rehearsal's timeline. */
  onEvent?: (line: string) => void;
}

export interface GitHubStandIn {
  /** Base URL for GITHUB_API_URL. */
  url: string;
  /** Marks the approver's review of a run's deployment to an environment (GitHub's required reviewers). */
  reviewDeployment(runId: number | string, environment: string): void;
  issues: { number: number; title: string; state: string; comments: { login: string; body: string }[] }[];
  requests: string[];
  /** Conditional requests answered 304 Not Modified (which GitHub does not count against the rate limit). */
  notModified: number;
  close(): Promise<void>;
}

const send = (
  res: http.ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
};

const readBody = async (req: http.IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
};

export async function startGitHub(options: GitHubStandInOptions): Promise<GitHubStandIn> {
  const reviews = new Map<string, string[]>();
  const issues: GitHubStandIn['issues'] = [];
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const say = options.onEvent ?? (() => {});
  let base = '';

  const user = (login: string) => ({ login, id: 1000 + login.length, type: 'User' });
  const commentJson = (issue: number, c: { login: string; body: string }, i: number) => ({
    id: issue * 1000 + i,
    user: user(c.login),
    body: c.body,
    created_at: new Date().toISOString(),
    html_url: `https://github.com/rehearsal/issues/${issue}#comment-${i}`,
  });

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      requests.push(`${req.method} ${url.pathname}`);
      const parts = url.pathname.split('/').filter(Boolean);
      const [top, owner, repo, kind, id, sub] = parts;
      if (!req.headers.authorization) return send(res, 401, { message: 'Requires authentication' });
      if (top !== 'repos' || !owner || !repo) return send(res, 404, { message: 'Not Found' });
      if (kind === 'actions' && id === 'runs' && parts[6] === 'approvals') {
        const environments = reviews.get(String(sub)) ?? [];
        const body = environments.map((name) => ({
          state: 'approved',
          comment: 'Approved in the rehearsal',
          user: user(options.approver),
          environments: [{ name }],
        }));
        return send(res, 200, body);
      }
      if (kind !== 'issues') return send(res, 404, { message: 'Not Found' });
      if (id === undefined && req.method === 'POST') {
        const body = await readBody(req);
        const number = issues.length + 1;
        const issue = {
          number,
          title: String(body.title ?? ''),
          state: 'open',
          comments: [] as { login: string; body: string }[],
        };
        issues.push(issue);
        say(`github: issue #${number} opened: ${issue.title}`);
        const timer = setTimeout(() => {
          timers.delete(timer);
          issue.comments.push({ login: options.approver, body: options.answer ?? 'approve' });
          say(`github: @${options.approver} commented "${options.answer ?? 'approve'}" on #${number}`);
        }, options.answerAfterMs ?? 1_000);
        timers.add(timer);
        return send(res, 201, {
          number,
          html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
          state: 'open',
        });
      }
      const issue = issues.find((i) => i.number === Number(id));
      if (!issue) return send(res, 404, { message: 'Not Found' });
      if (sub === 'comments' && req.method === 'GET') {
        const body = issue.comments.map((c, i) => commentJson(issue.number, c, i));
        const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
        if (req.headers['if-none-match'] === etag) {
          handle.notModified++;
          return send(res, 304, undefined, { etag });
        }
        return send(res, 200, body, { etag });
      }
      if (sub === 'comments' && req.method === 'POST') {
        const body = await readBody(req);
        issue.comments.push({ login: 'github-actions[bot]', body: String(body.body ?? '') });
        return send(res, 201, commentJson(issue.number, issue.comments.at(-1)!, issue.comments.length - 1));
      }
      if (sub === undefined && req.method === 'PATCH') {
        const body = await readBody(req);
        if (typeof body.state === 'string') issue.state = body.state;
        say(`github: issue #${issue.number} ${issue.state}`);
        return send(res, 200, { number: issue.number, state: issue.state });
      }
      if (sub === undefined && req.method === 'GET')
        return send(res, 200, { number: issue.number, state: issue.state });
      return send(res, 404, { message: 'Not Found' });
    })().catch((error: Error) => send(res, 500, { message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const handle: GitHubStandIn = {
    url: base,
    reviewDeployment: (runId, environment) => {
      reviews.set(String(runId), [...(reviews.get(String(runId)) ?? []), environment]);
      say(`github: @${options.approver} approved the deployment to ${environment} (required reviewers)`);
    },
    issues,
    requests,
    notModified: 0,
    close: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return handle;
}
