// The `{{name}}` placeholders: their names, their values from the run's facts, and filling them in.
import { formatDuration, InputError } from '@shipline/toolkit';

/** The only names `{{name}}` may use; anything else is a typo worth failing on. */
export const PLACEHOLDERS = [
  'repository',
  'ref',
  'sha',
  'actor',
  'run_url',
  'environment',
  'version',
  'status',
  'duration',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Throws an InputError for `input` naming the first unknown placeholder in text. */
export function checkPlaceholders(input: string, text: string): void {
  for (const match of text.matchAll(PATTERN)) {
    const name = match[1] ?? '';
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new InputError(
        input,
        `uses an unknown placeholder {{${name}}}; known placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
        'Deployed {{version}} to {{environment}} ({{run_url}})',
      );
    }
  }
}

/**
 * Fills placeholders with Slack-escaped values (`&`, `<`, `>` would otherwise turn a value into
 * markup). Values land in JSON through JSON.stringify, which escapes quotes and newlines.
 */
export function fill(text: string, values: PlaceholderValues): string {
  return text.replace(PATTERN, (_, name: string) => escapeSlack(values[name as Placeholder] ?? ''));
}

/** Fills placeholders in every string of a parsed JSON value (keys included). */
export function fillJson(value: unknown, values: PlaceholderValues): unknown {
  if (typeof value === 'string') return fill(value, values);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [fill(k, values), fillJson(v, values)]));
  }
  return value;
}

/** The characters Slack asks senders to escape in message text. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface RunFacts {
  repository: string;
  ref: string;
  sha: string;
  actor: string;
  serverUrl: string;
  runUrl: string;
  commitUrl: string;
  repositoryUrl: string;
}

/** What the runner tells every step about the run (GITHUB_* variables). */
export function runFacts(env: NodeJS.ProcessEnv = process.env): RunFacts {
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY ?? '';
  const sha = env.GITHUB_SHA ?? '';
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1');
  const repositoryUrl = repository ? `${serverUrl}/${repository}` : '';
  const runUrl =
    repositoryUrl && env.GITHUB_RUN_ID
      ? `${repositoryUrl}/actions/runs/${env.GITHUB_RUN_ID}${attempt > 1 ? `/attempts/${attempt}` : ''}`
      : '';
  return {
    repository,
    ref: env.GITHUB_REF_NAME || env.GITHUB_REF || '',
    sha,
    actor: env.GITHUB_ACTOR ?? '',
    serverUrl,
    runUrl,
    commitUrl: repositoryUrl && sha ? `${repositoryUrl}/commit/${sha}` : '',
    repositoryUrl,
  };
}

export function placeholderValues(
  facts: RunFacts,
  given: { environment: string; version: string; status: string; durationMs?: number },
): PlaceholderValues {
  return {
    repository: facts.repository,
    ref: facts.ref,
    sha: facts.sha,
    actor: facts.actor,
    run_url: facts.runUrl,
    environment: given.environment,
    version: given.version,
    status: given.status,
    duration: given.durationMs === undefined ? '' : formatDuration(given.durationMs),
  };
}
