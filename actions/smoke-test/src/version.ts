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
 * Whether `expected` appears in the served version as a whole token: `abc123` matches
 * `1.4.0+abc123`, but `v1` does not match `v10`.
 */
export function versionMatches(seen: string, expected: string): boolean {
  for (let at = seen.indexOf(expected); at >= 0; at = seen.indexOf(expected, at + 1)) {
    const before = seen[at - 1];
    const after = seen[at + expected.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
  }
  return false;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[0-9A-Za-z]/.test(char);
}
