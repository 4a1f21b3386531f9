import * as core from '@actions/core';

const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|token|secret|password|api[-_]?key/i;

/** Whether an HTTP header (by name) carries a credential. */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name.trim());
}

/**
 * Registers a secret with the runner so it is shown as *** in logs. The runner masks line by
 * line, so a multi-line secret is also registered per line; the URL-encoded form is registered
 * too because secrets often travel inside URLs and query strings.
 */
export function maskSecret(value: string | undefined, register: (v: string) => void = core.setSecret): void {
  if (value === undefined || value.trim() === '') return;
  const forms = new Set<string>([value]);
  for (const line of value.split(/\r?\n/)) if (line.trim().length >= 4) forms.add(line.trim());
  const encoded = encodeURIComponent(value);
  if (encoded !== value) forms.add(encoded);
  forms.forEach((form) => register(form));
}

/** Masks the values of credential-carrying headers, e.g. `Authorization: Bearer …`. */
export function maskSecretHeaders(headers: Record<string, string>, register?: (v: string) => void): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretHeader(name)) continue;
    maskSecret(value, register);
    const credential = value.replace(/^(bearer|basic|token)\s+/i, '');
    if (credential !== value) maskSecret(credential, register);
  }
}

/** Replaces every occurrence of each secret in text by ***, longest first. */
export function redact(text: string, secrets: Iterable<string>): string {
  const sorted = [...secrets].filter((s) => s !== '').sort((a, b) => b.length - a.length);
  return sorted.reduce((out, secret) => out.split(secret).join('***'), text);
}
