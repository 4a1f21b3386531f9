// The served version: where it is read (header or JSON field) and how it is matched.
/** Where the served version is read: a response header or a field of the JSON body. */
export type VersionSource = { kind: 'header'; name: string } | { kind: 'json'; path: string };

export function parseVersionSource(text: string): VersionSource {
  const match = /^(header|json):(.+)$/.exec(text.trim());
  const where = match?.[2]?.trim() ?? '';
  if (match?.[1] === 'header' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(where)) {
    return { kind: 'header', name: where.toLowerCase() };
  }
  if (match?.[1] === 'json' && /^[^.\s]+(\.[^.\s]+)*$/.test(where)) return { kind: 'json', path: where };
  throw new Error(`"${text}" is neither header:<name> nor json:<dot.path>`);
}

export function describeSource(source: VersionSource): string {
  return source.kind === 'header' ? `header ${source.name}` : `JSON field ${source.path}`;
}

/** The value at a dot path (`build.version`, `items.0.id`) of parsed JSON, or undefined. */
export function valueAt(document: unknown, path: string): unknown {
  let current = document;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The version an answer claims, or undefined when the source is missing from it. */
export function readVersion(
  source: VersionSource,
  answer: { headers: Record<string, string>; json: () => unknown },
): string | undefined {
  if (source.kind === 'header') return answer.headers[source.name];
  const value = valueAt(answer.json(), source.path);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Whether the served version carries `expected`: both are split into components on `+ : / @` and
 * whitespace, and `expected`'s components must appear in a row. `abc123` matches `1.4.0+abc123`
 * and `registry/app:abc123`; `1.4.0` does not match `1.4.0-rc.1`, nor `v2` `v2-old`, nor `v1` `v10`.
 * Commit SHAs (hex, 7+ characters) match by prefix either way: the full `github.sha` matches the
 * short SHA an image tag carries, and the reverse.
 */
export function versionMatches(seen: string, expected: string): boolean {
  const have = components(seen);
  const want = components(expected);
  if (want.length === 0) return false;
  for (let at = 0; at + want.length <= have.length; at++) {
    if (want.every((part, i) => sameComponent(have[at + i] as string, part))) return true;
  }
  return false;
}

function components(version: string): string[] {
  return version.split(/[+:/@\s]+/).filter((part) => part !== '');
}

const SHA = /^[0-9a-f]{7,40}$/i;

function sameComponent(seen: string, expected: string): boolean {
  if (seen === expected) return true;
  if (!SHA.test(seen) || !SHA.test(expected)) return false;
  const [a, b] = [seen.toLowerCase(), expected.toLowerCase()];
  return a.startsWith(b) || b.startsWith(a);
}
