// The data of the fake GitHub issues API: issues, comments, logged requests, scripted faults.

export interface FakeComment {
  id: number;
  user: { login: string; type: string };
  body: string;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface FakeIssue {
  number: number;
  /** Who opened it: the token's user. */
  user: { login: string; type: string };
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  assignees: string[];
  labels: string[];
  created_at: string;
  updated_at: string;
  comments: FakeComment[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  status: number;
  /** Whether GitHub counts it against the primary rate limit: every answer but a 304. */
  counted: boolean;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Do the request first, then answer the fault: a 5xx or timeout after GitHub did the work. */
  afterHandling?: boolean;
  /** Answer this much later (a slow GitHub: the client may time out or be cancelled meanwhile). */
  delayMs?: number;
}
