// An in-memory GitHub for the settings configure-repo manages (repository permissions, rulesets,
// environments, deployment branch policies, users, teams). It answers the way GitHub's REST API
// does (environments read back as protection_rules, rulesets gain parameters GitHub adds), so the
// tests can prove that what was written reads back as "no changes". Tests serve it through nock
// (handle) or over a real HTTP server on 127.0.0.1 for a spawned CLI (listen).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  body?: unknown;
  authorization?: string;
}

type Json = Record<string, unknown>;
type Reply = [number, unknown];
interface Env {
  settings: Json;
  policies: { id: number; node_id: string; name: string; type: string }[];
}

export class FakeGitHubSettings {
  readonly requests: Recorded[] = [];
  /** The repository's `permissions` field; 'absent' as for a GitHub App installation token. */
  permissions: { admin: boolean } | 'forbidden' | 'absent' = { admin: true };
  /** Refuse (403) every write, as for a token without "Administration: read and write". */
  refuseWrites = false;
  /** Refuse (403) team lookups, as for a token without "Members: read" on the organisation. */
  refuseTeams = false;
  readonly rulesets = new Map<number, Json>();
  readonly environments = new Map<string, Env>();
  readonly users = new Map<string, number>([['octocat', 583231]]);
  readonly teams = new Map<string, number>([['my-org/release-managers', 42]]);
  /**
   * `METHOD path` of writes that fail once with a 500: 'before' handling them (nothing changes) or
   * 'after' (GitHub applied the write, then the answer was lost or failed).
   */
  readonly faults = new Map<string, 'before' | 'after'>();
  private nextId = 1000;

  constructor(
    readonly owner = 'acme',
    readonly repo = 'shop',
  ) {}

  /** Requests other than GET, as `METHOD path`. */
  writes(): string[] {
    return this.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  }

  rulesetNamed(name: string): Json {
    const found = [...this.rulesets.values()].find((r) => r.name === name);
    if (!found) throw new Error(`no ruleset ${name}`);
    return found;
  }

  handle(method: string, url: string, body: unknown, authorization?: string): Reply {
    const fault = this.faults.get(`${method} ${url}`);
    this.faults.delete(`${method} ${url}`);
    if (fault === 'before') {
      this.requests.push({ method, path: url, ...(body === undefined ? {} : { body }), authorization });
      return serverError();
    }
    const reply = this.answer(method, url, body, authorization);
    return fault === 'after' ? serverError() : reply;
  }

  private answer(method: string, url: string, body: unknown, authorization?: string): Reply {
    const path = url.split('?')[0]!;
    this.requests.push({ method, path: url, ...(body === undefined ? {} : { body }), authorization });
    const page = Number(new URLSearchParams(url.split('?')[1] ?? '').get('page') ?? '1');
    const base = `/repos/${this.owner}/${this.repo}`;
    let m: RegExpExecArray | null;
    if (path === base && method === 'GET') return this.repoAnswer();
    if (method !== 'GET' && this.refuseWrites) return refused();
    if ((m = /^\/users\/([^/]+)$/.exec(path))) return this.idOf(this.users.get(m[1]!), { login: m[1] });
    if ((m = /^\/orgs\/([^/]+)\/teams\/([^/]+)$/.exec(path)))
      return this.refuseTeams ? refused() : this.idOf(this.teams.get(`${m[1]}/${m[2]}`), { slug: m[2] });
    if (path === `${base}/rulesets`) {
      if (method === 'GET') return [200, page > 1 ? [] : [...this.rulesets.values()].map(summary)];
      const id = this.nextId++;
      this.rulesets.set(id, stored(id, body as Json, `${this.owner}/${this.repo}`));
      return [201, this.rulesets.get(id)];
    }
    if ((m = /^\/rulesets\/(\d+)$/.exec(path.slice(base.length)))) {
      const id = Number(m[1]);
      if (!this.rulesets.has(id)) return notFound();
      if (method === 'PUT') this.rulesets.set(id, stored(id, body as Json, `${this.owner}/${this.repo}`));
      if (method === 'DELETE') return (this.rulesets.delete(id), [204, '']);
      return [200, this.rulesets.get(id)];
    }
    if (
      (m = /^\/environments\/([^/]+)(\/deployment-branch-policies)?(?:\/(\d+))?$/.exec(
        path.slice(base.length),
      ))
    )
      return this.environmentAnswer(
        method,
        decodeURIComponent(m[1]!),
        Boolean(m[2]),
        m[3],
        body as Json,
        page,
      );
    return notFound();
  }

  private repoAnswer(): Reply {
    if (this.permissions === 'forbidden') return refused();
    const full_name = `${this.owner}/${this.repo}`;
    if (this.permissions === 'absent') return [200, { full_name }];
    return [200, { full_name, permissions: { ...this.permissions, push: true, pull: true } }];
  }

  private idOf(id: number | undefined, extra: Json): Reply {
    return id === undefined ? notFound() : [200, { id, ...extra }];
  }

  private environmentAnswer(
    method: string,
    name: string,
    policies: boolean,
    policyId: string | undefined,
    body: Json,
    page: number,
  ): Reply {
    const env = this.environments.get(name);
    if (!policies && method === 'PUT') {
      const keep = body.deployment_branch_policy ? (env?.policies ?? []) : [];
      this.environments.set(name, { settings: { ...body }, policies: keep });
    } else if (!env) return notFound();
    const current = this.environments.get(name)!;
    if (!policies) return [200, this.environmentView(name, current)];
    if (method === 'GET')
      return [
        200,
        { total_count: current.policies.length, branch_policies: page > 1 ? [] : current.policies },
      ];
    if (method === 'POST') {
      const id = this.nextId++;
      current.policies.push({
        id,
        node_id: `BP_${id}`,
        name: String(body.name),
        type: String(body.type ?? 'branch'),
      });
      return [200, current.policies.at(-1)];
    }
    current.policies = current.policies.filter((p) => String(p.id) !== policyId);
    return [204, ''];
  }

  /** An environment as GitHub returns it: settings spread over protection_rules. */
  private environmentView(name: string, env: Env): Json {
    const s = env.settings;
    const rules: Json[] = [];
    if (Number(s.wait_timer ?? 0) > 0)
      rules.push({ id: 1, node_id: 'GA_1', type: 'wait_timer', wait_timer: s.wait_timer });
    const reviewers = (s.reviewers as { type: string; id: number }[] | undefined) ?? [];
    if (reviewers.length > 0)
      rules.push({
        id: 2,
        node_id: 'GA_2',
        type: 'required_reviewers',
        prevent_self_review: s.prevent_self_review ?? false,
        reviewers: reviewers.map(({ type, id }) => ({
          type,
          reviewer:
            type === 'User'
              ? { id, login: this.nameOf(this.users, id) }
              : { id, slug: this.nameOf(this.teams, id).split('/')[1] },
        })),
      });
    if (s.deployment_branch_policy) rules.push({ id: 3, node_id: 'GA_3', type: 'branch_policy' });
    return {
      id: 7,
      name,
      protection_rules: rules,
      deployment_branch_policy: s.deployment_branch_policy ?? null,
    };
  }

  private nameOf(names: Map<string, number>, id: number): string {
    return [...names].find(([, value]) => value === id)?.[0] ?? String(id);
  }

  /** Serves this fake over real HTTP on 127.0.0.1; returns the base URL and a close function. */
  async listen(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const [status, body] = this.handle(
          req.method!,
          req.url!,
          text ? JSON.parse(text) : undefined,
          req.headers.authorization,
        );
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(body === '' ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }
}

const refused = (): Reply => [
  403,
  {
    message: 'Resource not accessible by personal access token',
    documentation_url: 'https://docs.github.com/rest',
  },
];

const serverError = (): Reply => [500, { message: 'Server Error' }];

const notFound = (): Reply => [
  404,
  { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
];

const summary = (r: Json) => ({
  id: r.id,
  name: r.name,
  target: r.target,
  source_type: 'Repository',
  source: r.source,
  enforcement: r.enforcement,
});

/** A ruleset as GitHub stores it: ids and sources added, and pull_request parameters GitHub fills in. */
function stored(id: number, body: Json, source: string): Json {
  const rules = ((body.rules as Json[] | undefined) ?? []).map((rule) =>
    rule.type === 'pull_request'
      ? {
          ...rule,
          parameters: { allowed_merge_methods: ['merge', 'squash', 'rebase'], ...(rule.parameters as Json) },
        }
      : rule,
  );
  return {
    id,
    source_type: 'Repository',
    source,
    bypass_actors: [],
    ...body,
    rules,
    current_user_can_bypass: 'never',
  };
}
