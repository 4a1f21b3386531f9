// What the fake GitHub issues API answers for lists: issues filtered as GitHub filters them, an issue's JSON,
// and comment pages with Link headers.
import type { FakeIssue } from './github-issues-model.js';

/** GET /repos/{repo}/issues: state (default open), creator, labels (all of them), since; newest first. */
export function listIssues(issues: Map<string, FakeIssue>, repo: string, query: URLSearchParams): unknown[] {
  const state = query.get('state') ?? 'open';
  const creator = query.get('creator')?.toLowerCase();
  const labels = (query.get('labels') ?? '').split(',').filter((l) => l !== '');
  const since = query.get('since');
  const perPage = Math.min(100, Number(query.get('per_page') ?? 30));
  const oldestFirst = query.get('direction') === 'asc';
  return [...issues.entries()]
    .filter(([key]) => key.startsWith(`${repo}#`))
    .map(([, issue]) => issue)
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => !creator || i.user.login.toLowerCase() === creator)
    .filter((i) => labels.every((l) => i.labels.includes(l)))
    .filter((i) => !since || i.updated_at >= since)
    .sort((a, b) => (oldestFirst ? a.number - b.number : b.number - a.number))
    .slice(0, perPage)
    .map((i) => issueJson(i));
}

export function issueJson(issue: FakeIssue): unknown {
  const { comments, ...rest } = issue;
  return { ...rest, comments: comments.length, html_url: `https://github.test/issues/${issue.number}` };
}

/** One page of an issue's comments (since, per_page, page) with the Link header GitHub sends. */
export function listComments(issue: FakeIssue, url: URL): { body: unknown; link?: string } {
  const since = url.searchParams.get('since');
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
  const page = Number(url.searchParams.get('page') ?? 1);
  const all = issue.comments.filter((c) => !since || c.updated_at >= since);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const pageUrl = (n: number): string => {
    const next = new URL(url.toString());
    next.searchParams.set('page', String(n));
    return next.toString();
  };
  const links = [
    ...(page < last ? [`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`] : []),
    ...(page > 1 ? [`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`] : []),
  ];
  const body = all.slice((page - 1) * perPage, page * perPage);
  return links.length > 0 ? { body, link: links.join(', ') } : { body };
}
