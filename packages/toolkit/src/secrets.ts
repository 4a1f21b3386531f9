// Secret masking: registering values (and their forms) with the runner, and redacting text.
import * as core from '@actions/core';
import { secretForms } from './secret-forms.js';

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|api[-_]?key/i;

/** Whether an HTTP header (by name) carries a credential. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name.trim());
}

const registry = new Set<string>();
let longestFirst: string[] | undefined;

/**
 * Registers a secret in every form it may travel in (see secretForms): each form is registered
 * with the runner, which masks the log, and recorded for redactSecrets, which the toolkit's
 * publishers apply to the summary, outputs and annotations the runner does not mask.
 */
export function maskSecret(value: string | undefined, register: (v: string) => void = core.setSecret): void {
  if (value === undefined || value.trim() === '') return;
  for (const form of secretForms(value)) {
    registry.add(form);
    register(form);
  }
  longestFirst = undefined;
}

/** Every form of every secret registered with maskSecret in this process, longest first. */
export function registeredSecrets(): readonly string[] {
  longestFirst ??= [...registry].sort((a, b) => b.length - a.length);
  return longestFirst;
}

/** Replaces every registered secret form by ***. */
export function redactSecrets(text: string): string {
  return registry.size === 0 || text === '' ? text : redact(text, registeredSecrets());
}

/** Empties the registry: for tests, which run many actions' worth of secrets in one process. */
export function forgetSecrets(): void {
  registry.clear();
  longestFirst = undefined;
}

/** Masks the values of credential-carrying headers, e.g. `Authorization: Bearer …`. */
export function maskSecretHeaders(headers: Record<string, string>, register?: (v: string) => void): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretHeader(name)) continue;
    maskSecret(value, register);
  }
}

/** Replaces every occurrence of each secret in text by ***, longest first. */
export function redact(text: string, secrets: Iterable<string>): string {
  const sorted = [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  return sorted.reduce((out, secret) => out.split(secret).join('***'), text);
}
