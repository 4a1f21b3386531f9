// FakeGitHubDeployments: GitHub's deployments, deployment statuses and compare-commits REST API on
// 127.0.0.1, as reusable-deploy.yml's promote, order and record steps call them (curl). Modelled
// from docs.github.com/rest/deployments/deployments, /rest/deployments/statuses and
// /rest/commits/commits#compare-two-commits: list filters sha/ref/task/environment, newest first;
// a status with auto_inactive (default true) marks the older deployments of its environment
// inactive; compare answers ahead/behind/identical/diverged from the commit graph it was given.
// Any other request is forwarded to `otherwise` (the issues fake), so one URL serves both.
import http from 'node:http';
import { closeNow, listenOnLoopback, whenBodyRead } from './stand-in-server.js';

export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  payload: Record<string, unknown>;
  description: string;
  created_at: string;
  statuses: { id: number; state: string; description: string; log_url: string; created_at: string }[];
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const view = ({ statuses: _statuses, ...d }: FakeDeployment) => d;

export class FakeGitHubDeployments {
  readonly deployments: FakeDeployment[] = [];
  /** Commit → its parents: what compare walks. */
  readonly parents = new Map<string, string[]>();
  readonly requests: string[] = [];
  url = '';
  private server?: http.Server;
  private nextId = 1;

  constructor(private readonly otherwise?: string) {}

  /** A commit and its parents (the first commit of a story has none). */
  commit(sha: string, ...parents: string[]): this {
    this.parents.set(sha, parents);
    return this;
  }

  reset(): void {
    this.deployments.length = 0;
    this.parents.clear();
    this.requests.length = 0;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) =>
      whenBodyRead(req, (body) => void this.handle(req, body.toString('utf8'), res)),
    );
    this.url = `http://127.0.0.1:${await listenOnLoopback(this.server)}`;
    return this;
  }

  async stop(): Promise<void> {
    if (this.server) await closeNow(this.server);
  }

  private ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const walk = [sha];
    while (walk.length > 0) {
      const next = walk.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      walk.push(...(this.parents.get(next) ?? []));
    }
    return seen;
  }

  /** GitHub's compare status of head against base. */
  compare(base: string, head: string): 'identical' | 'ahead' | 'behind' | 'diverged' {
    if (base === head) return 'identical';
    if (this.ancestors(head).has(base)) return 'ahead';
    return this.ancestors(base).has(head) ? 'behind' : 'diverged';
  }

  private async handle(req: http.IncomingMessage, body: string, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    this.requests.push(`${route}${url.search}`);
    const list = /^GET \/repos\/[^/]+\/[^/]+\/deployments$/.test(route);
    const create = /^POST \/repos\/[^/]+\/[^/]+\/deployments$/.test(route);
    const statuses = /^(GET|POST) \/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(route);
    const compare = /^GET \/repos\/[^/]+\/[^/]+\/compare\/([0-9a-f]{40})\.\.\.([0-9a-f]{40})$/.exec(route);
    const given = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
    if (list) {
      const q = url.searchParams;
      const found = this.deployments
        .filter((d) =>
          ['sha', 'ref', 'task', 'environment'].every((k) => !q.has(k) || q.get(k) === d[k as 'sha']),
        )
        .reverse()
        .slice(0, Number(q.get('per_page') ?? 30));
      return json(res, 200, found.map(view));
    }
    if (create) {
      const ref = String(given.ref ?? '');
      if (!/^[0-9a-f]{40}$/.test(ref)) return json(res, 422, { message: 'No ref found for: ' + ref });
      const deployment: FakeDeployment = {
        id: this.nextId++,
        sha: ref,
        ref,
        task: String(given.task ?? 'deploy'),
        environment: String(given.environment ?? 'production'),
        payload: (given.payload ?? {}) as Record<string, unknown>,
        description: String(given.description ?? ''),
        created_at: new Date().toISOString(),
        statuses: [],
      };
      this.deployments.push(deployment);
      return json(res, 201, view(deployment));
    }
    if (statuses) {
      const deployment = this.deployments.find((d) => d.id === Number(statuses[2]));
      if (!deployment) return json(res, 404, { message: 'Not Found' });
      if (statuses[1] === 'GET') return json(res, 200, [...deployment.statuses].reverse());
      const status = {
        id: this.nextId++,
        state: String(given.state),
        description: String(given.description ?? ''),
        log_url: String(given.log_url ?? ''),
        created_at: new Date().toISOString(),
      };
      deployment.statuses.push(status);
      if (given.auto_inactive !== false && status.state === 'success') {
        for (const older of this.deployments.filter(
          (d) => d.environment === deployment.environment && d.id < deployment.id,
        ))
          older.statuses.push({ ...status, id: this.nextId++, state: 'inactive' });
      }
      return json(res, 201, status);
    }
    if (compare) return json(res, 200, { status: this.compare(compare[1]!, compare[2]!) });
    if (!this.otherwise) return json(res, 404, { message: 'Not Found' });
    const forwarded = await fetch(`${this.otherwise}${url.pathname}${url.search}`, {
      method: req.method,
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
        ),
      ) as Record<string, string>,
      ...(body && req.method !== 'GET' ? { body } : {}),
    });
    // fetch has decoded the body: its length and encoding headers no longer hold.
    const headers = [...forwarded.headers].filter(
      ([k]) => k !== 'content-encoding' && k !== 'content-length',
    );
    res.writeHead(forwarded.status, Object.fromEntries(headers));
    res.end(Buffer.from(await forwarded.arrayBuffer()));
  }
}
