// Judges one answer against its check and the version rule: what it showed and what was wrong.
import { statusMatches, type Check } from './checks.js';
import type { Answer } from './http.js';
import { excerpt, printable } from '@shipline/toolkit';
import { describeSource, readVersion, valueAt, versionMatches, type VersionSource } from './version.js';

export interface VersionRule {
  source: VersionSource;
  /** When undefined the version is recorded but not required. */
  expected?: string;
}

/** What one request showed: the answer's facts and, separately, what was wrong with it. */
export interface Observation {
  status?: number;
  latencyMs?: number;
  version?: string;
  redirects: string[];
  /** The answer broke an expectation of the check, or there was no answer. */
  problem?: string;
  /** The answer came from another version than the one expected (judged only on good answers). */
  versionProblem?: string;
  timedOut?: boolean;
}

/**
 * Judges one answer against its check and the version rule. The version is judged only on an
 * answer that is otherwise good: a load balancer's 502 page carries no version and counts toward
 * the error rate alone. The version is kept printable (it is the server's text).
 */
export function evaluate(check: Check, answer: Answer, rule: VersionRule): Observation {
  let parsed: { value?: unknown; error?: string } | undefined;
  const json = (): unknown => {
    if (!parsed) {
      try {
        parsed = { value: JSON.parse(answer.body) };
      } catch {
        parsed = { error: 'body is not JSON' };
      }
    }
    return parsed.value;
  };
  const version = readVersion(rule.source, { headers: answer.headers, json });
  const observation: Observation = {
    status: answer.status,
    latencyMs: answer.latencyMs,
    version: version === undefined ? undefined : printable(version),
    redirects: answer.redirects,
    problem: expectationProblem(check, answer, json, () => parsed?.error),
  };
  if (rule.expected !== undefined && check.checkVersion && !observation.problem) {
    const where = describeSource(rule.source);
    if (version === undefined) {
      observation.versionProblem = `no version in ${where}, expected "${rule.expected}"`;
    } else if (!versionMatches(version, rule.expected)) {
      observation.versionProblem = `version "${observation.version}" seen, expected "${rule.expected}" (in ${where})`;
    }
  }
  return observation;
}

function expectationProblem(
  check: Check,
  answer: Answer,
  json: () => unknown,
  jsonError: () => string | undefined,
): string | undefined {
  if (!statusMatches(check.status, answer.status)) {
    const via = answer.redirects.length > 0 ? ` after ${answer.redirects.join(', ')}` : '';
    return `status ${answer.status}${via}, expected ${check.status.join(' or ')}`;
  }
  if (check.bodyContains !== undefined && !answer.body.includes(check.bodyContains)) {
    return `body does not contain ${JSON.stringify(check.bodyContains)}`;
  }
  if (check.bodyRegex && !check.bodyRegex.test(answer.body)) {
    return `body does not match ${String(check.bodyRegex)}`;
  }
  for (const [path, expected] of Object.entries(check.jsonEquals ?? {})) {
    const actual = valueAt(json(), path);
    if (jsonError()) return `${jsonError()}, expected JSON field ${path} = ${JSON.stringify(expected)}`;
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      const shown = actual === undefined ? 'missing' : excerpt(JSON.stringify(actual), 120);
      return `JSON field ${path} is ${shown}, expected ${JSON.stringify(expected)}`;
    }
  }
  for (const [name, expected] of Object.entries(check.headerEquals ?? {})) {
    const actual = answer.headers[name];
    if (!headerMatches(name, actual, expected)) {
      const shown = actual === undefined ? 'missing' : excerpt(JSON.stringify(actual), 120);
      return `header ${name} is ${shown}, expected ${JSON.stringify(expected)}`;
    }
  }
  return undefined;
}

/**
 * Header values compare exactly, except a content-type given without parameters: then the media
 * type alone counts, so `application/json` holds for `application/json; charset=utf-8`.
 */
function headerMatches(name: string, actual: string | undefined, expected: string): boolean {
  if (actual === expected) return true;
  if (actual === undefined || name !== 'content-type' || expected.includes(';')) return false;
  return actual.split(';')[0]?.trim().toLowerCase() === expected.trim().toLowerCase();
}

/** What was wrong with an observation, or 'passed'. */
export function why(observation: Observation): string {
  return observation.problem ?? observation.versionProblem ?? 'passed';
}
