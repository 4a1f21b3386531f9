// When a workflow is triggered, as GitHub decides it: the events of `on:` and their branch filters,
// with GitHub's filter-pattern semantics (`*`, `**`, `?`, `+`, `[]`, `!` negations in order).

import { isMap, type YamlMap as Map } from './workflow-files.js';

export type RunEvent =
  | { name: 'push'; branch: string }
  | { name: 'pull_request'; base: string; head: string }
  /** Run workflow by hand: one workflow file (hotfix.yml by default), on a branch, with its inputs. */
  | { name: 'workflow_dispatch'; branch: string; workflow?: string; inputs?: Record<string, string> };

/** GitHub filter pattern → RegExp: `*` within a path segment, `**` across, `?`/`+` on the previous character, `[…]` classes. */
export function filterPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else if (c === '?' || c === '+') source += c;
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      source += end > i ? pattern.slice(i, end + 1) : '\\[';
      if (end > i) i = end;
    } else if (c === '\\' && i + 1 < pattern.length) source += `\\${pattern[++i]}`;
    else source += c.replace(/[.^$|(){}\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** `branches:` (with `!` negations, the last match wins) or `branches-ignore:`, as GitHub applies them. */
export function branchAllowed(filter: Map, branch: string): boolean {
  const list = (key: string) =>
    Array.isArray(filter[key]) ? (filter[key] as unknown[]).map(String) : undefined;
  const include = list('branches');
  const ignore = list('branches-ignore');
  if (include) {
    let allowed = false;
    for (const pattern of include) {
      const negated = pattern.startsWith('!');
      if (filterPattern(negated ? pattern.slice(1) : pattern).test(branch)) allowed = !negated;
    }
    return allowed;
  }
  if (ignore) return !ignore.some((p) => filterPattern(p).test(branch));
  // Only tag filters: a branch push does not trigger the workflow.
  return !(filter.tags !== undefined || filter['tags-ignore'] !== undefined);
}

export function triggeredBy(workflow: Map, event: RunEvent): boolean {
  const on = workflow.on;
  const events: Map =
    typeof on === 'string'
      ? { [on]: null }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((e) => [e, null]))
        : isMap(on)
          ? on
          : {};
  if (!(event.name in events)) return false;
  const filter = isMap(events[event.name]) ? (events[event.name] as Map) : {};
  if (event.name === 'push') return branchAllowed(filter, event.branch);
  if (event.name === 'pull_request') return branchAllowed(filter, event.base);
  return true;
}
