// The checks input: one check per path, with method, expected status, body, headers and redirects.
import { readChecksDocument } from './checks-document.js';

/** One request to make and what its answer must look like. */
export interface Check {
  /** How messages name the check: its `name`, else `METHOD /path`. */
  name: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Exact codes (`200`) and classes (`2xx`). */
  status: string[];
  bodyContains?: string;
  bodyRegex?: RegExp;
  /** dot.path → the value the JSON body must hold there. */
  jsonEquals?: Record<string, unknown>;
  /** header name (lowercase) → the value it must have (a content-type without parameters: its media type). */
  headerEquals?: Record<string, string>;
  followRedirects: boolean;
  /** false for a path that carries no version (a redirect, a static file). Default true. */
  checkVersion: boolean;
}

export const CHECKS_EXAMPLE =
  '- path: /health\n  status: 200\n  json-equals: { status: ok }\n- path: /api/items\n  body-regex: "\\"items\\":\\\\s*\\\\["';

const KEYS = [
  'name',
  'path',
  'method',
  'headers',
  'body',
  'status',
  'body-contains',
  'body-regex',
  'json-equals',
  'header-equals',
  'follow-redirects',
  'check-version',
] as const;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const DEFAULT_CHECKS: Check[] = [toCheck({ path: '/health', status: 200 }, 'the default check')];

/**
 * Reads the `checks` input: a YAML or JSON list whose items are a path or an object with the
 * keys above, or a plain list of paths one per line. Throws an Error saying what is wrong where.
 */
export function parseChecks(text: string): Check[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const items = lines.every((line) => /^\/\S*$/.test(line)) ? lines : readChecksDocument(text);
  if (!Array.isArray(items)) throw new Error('must be a list (YAML or JSON) of checks or paths');
  if (items.length === 0) throw new Error('is an empty list');
  const checks = items.map((item, index) => toCheck(item, `item ${index + 1}`));
  const names = new Set<string>();
  for (const check of checks) {
    if (names.has(check.name)) throw new Error(`names two checks "${check.name}": give them distinct names`);
    names.add(check.name);
  }
  return checks;
}

function toCheck(item: unknown, where: string): Check {
  const spec: Record<string, unknown> = typeof item === 'string' ? { path: item } : asObject(item, where);
  const unknown = Object.keys(spec).filter((key) => !(KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new Error(`${where} has an unknown key "${unknown[0]}" (known: ${KEYS.join(', ')})`);
  }
  const path = spec.path;
  if (typeof path !== 'string' || !/^\/\S*$/.test(path)) {
    throw new Error(`${where} needs a "path" that starts with / and has no spaces, e.g. /health`);
  }
  const method = text(spec.method ?? 'GET', `${where} "method"`).toUpperCase();
  if (!METHODS.includes(method))
    throw new Error(`${where} has a method "${method}" not in ${METHODS.join(', ')}`);
  const name = spec.name === undefined ? `${method} ${path}` : text(spec.name, `${where} "name"`);
  const headers = lowercaseKeys(stringMap(spec.headers, `${where} "headers"`));
  for (const header of Object.keys(headers)) {
    if (!HEADER_NAME.test(header))
      throw new Error(`${where} has a header name "${header}" that is not a token`);
  }
  if (method === 'HEAD') {
    const needsBody = ['body-contains', 'body-regex', 'json-equals'].find((key) => spec[key] !== undefined);
    if (needsBody)
      throw new Error(`${where} checks "${needsBody}" with HEAD, whose answer has no body: use GET`);
  }
  const check: Check = {
    name,
    path,
    method,
    headers,
    status: statuses(spec.status ?? '2xx', `${where} "status"`),
    followRedirects: flag(spec['follow-redirects'], `${where} "follow-redirects"`),
    checkVersion: flag(spec['check-version'], `${where} "check-version"`),
  };
  if (spec.body !== undefined) {
    if (method === 'GET' || method === 'HEAD')
      throw new Error(`${where} sends a body with ${method}: use POST, PUT or PATCH`);
    check.body = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
    if (typeof spec.body !== 'string' && headers['content-type'] === undefined) {
      check.headers['content-type'] = 'application/json';
    }
  }
  if (spec['body-contains'] !== undefined)
    check.bodyContains = text(spec['body-contains'], `${where} "body-contains"`);
  if (spec['body-regex'] !== undefined) check.bodyRegex = regex(spec['body-regex'], `${where} "body-regex"`);
  if (spec['json-equals'] !== undefined)
    check.jsonEquals = asObject(spec['json-equals'], `${where} "json-equals"`);
  if (spec['header-equals'] !== undefined) {
    check.headerEquals = lowercaseKeys(stringMap(spec['header-equals'], `${where} "header-equals"`, true));
  }
  return check;
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${where} must be a path or a mapping, not ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${where} must be a non-empty string`);
  return value;
}

function flag(value: unknown, where: string): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw new Error(`${where} must be true or false`);
  return value;
}

/** A mapping of texts; with `stringsOnly`, YAML's numbers and booleans are refused (2.0 would read as "2"). */
function stringMap(value: unknown, where: string, stringsOnly = false): Record<string, string> {
  if (value === undefined) return {};
  const object = asObject(value, where);
  return Object.fromEntries(
    Object.entries(object).map(([key, v]) => {
      if (typeof v === 'string' || (typeof v === 'number' && !stringsOnly)) return [key, String(v)];
      const quote =
        stringsOnly && v !== null && typeof v !== 'object'
          ? ` (it reads as ${JSON.stringify(v)}): quote the value as written, e.g. "2.0" (unquoted 2.0 reads as 2)`
          : '';
      throw new Error(`${where} "${key}" must be a string${quote}`);
    }),
  );
}

function lowercaseKeys(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key.toLowerCase(), value]));
}

function statuses(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new Error(`${where} is an empty list`);
  return list.map((entry) => {
    const code = String(entry).toLowerCase();
    if (!/^[1-5](\d\d|xx)$/.test(code)) {
      throw new Error(
        `${where} has ${JSON.stringify(entry)}, not an HTTP status (100-599) or class like 2xx`,
      );
    }
    return code;
  });
}

function regex(value: unknown, where: string): RegExp {
  const source = text(value, where);
  const literal = /^\/(.+)\/([a-z]*)$/s.exec(source);
  try {
    return literal ? new RegExp(literal[1] as string, literal[2]) : new RegExp(source);
  } catch (error) {
    throw new Error(`${where} is not a valid regular expression: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export function statusMatches(expected: string[], status: number): boolean {
  const code = String(status);
  return expected.some((e) => e === code || (e.endsWith('xx') && e[0] === code[0]));
}
