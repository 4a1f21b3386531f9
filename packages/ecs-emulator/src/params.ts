// Reading request members with ECS-style errors (InvalidParameterException naming the member).
import { invalidParameter, type ApiError } from './errors.js';
import type { Json, Tag } from './model.js';

type ErrorFactory = (message: string) => ApiError;

export function requiredString(body: Json, name: string, error: ErrorFactory = invalidParameter): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw error(`${name} is required and must be a non-empty string.`);
  return value;
}

export function optionalString(body: Json, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string.`);
  return value;
}

export function optionalInt(body: Json, name: string, min: number, max: number): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(
      `${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

export function optionalBool(body: Json, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(`${name} must be a boolean.`);
  return value;
}

export function optionalObject(body: Json, name: string): Json | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(`${name} must be an object.`);
  return value as Json;
}

export function optionalStringList(body: Json, name: string): string[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidParameter(`${name} must be a list of strings.`);
  }
  return value as string[];
}

export function oneOf<T extends string>(
  value: string | undefined,
  name: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw invalidParameter(`${name} must be one of ${allowed.join(', ')}, got '${value}'.`);
  }
  return value as T;
}

export function parseTags(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter('tags must be a list of {key, value}.');
  return value.map((tag: unknown) => {
    const { key, value: tagValue } = (tag ?? {}) as Json;
    if (typeof key !== 'string' || key === '' || (tagValue !== undefined && typeof tagValue !== 'string')) {
      throw invalidParameter('Each tag needs a non-empty string key and a string value.');
    }
    return { key, value: (tagValue as string | undefined) ?? '' };
  });
}

export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((tag) => [tag.key, tag]));
  for (const tag of added) byKey.set(tag.key, tag);
  return [...byKey.values()];
}

/** ECS-style pagination: an opaque nextToken (here the offset) and maxResults 1..100. */
export function paginate<T>(items: T[], body: Json, defaultMax = 100): { page: T[]; nextToken?: string } {
  const max = optionalInt(body, 'maxResults', 1, 100) ?? defaultMax;
  const token = optionalString(body, 'nextToken');
  let start = 0;
  if (token !== undefined) {
    start = Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10);
    if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid nextToken.');
  }
  const page = items.slice(start, start + max);
  const next =
    start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return next === undefined ? { page } : { page, nextToken: next };
}
