// The runner's secret masker. Masking is exact: the registered value and the runner's encodings of it
// (padded base64 at three byte shifts, expression-, JSON-, URI-data- and XML-escaped, double quotes
// trimmed). Job secrets are also registered trimmed and line by line; `::add-mask::` values are not split.
// The leak check looks for more forms than the runner masks (see detectionPatterns).

import type { Leak } from './types.js';

export type MaskForm = Leak['form'];

export interface MaskPattern {
  text: string;
  form: MaskForm;
  /** The registered value this pattern derives from. */
  secret: string;
}

export interface Registration {
  secret: string;
  /** Stop-commands tokens are masked by the runner but are not the action's secrets. */
  leakChecked: boolean;
}

const base64 = (bytes: Buffer) => bytes.toString('base64');

/** .NET's Uri.EscapeDataString: everything but RFC 3986 unreserved characters is escaped. */
function uriDataEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function xmlEscape(value: string): string {
  const map: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&apos;',
  };
  return value.replace(/[&<>"']/g, (c) => map[c] ?? c);
}

/** The variations the runner's SecretMasker registers for one value (its value encoders). */
export function runnerVariations(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const shifted = (shift: number) => base64(bytes.length > shift ? bytes.subarray(shift) : bytes);
  const trimmedQuotes =
    value.length > 8 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : '';
  const variations = [
    value,
    base64(bytes),
    shifted(1),
    shifted(2),
    value.replace(/'/g, "''"),
    JSON.stringify(value).slice(1, -1),
    uriDataEscape(value),
    xmlEscape(value),
    trimmedQuotes,
  ];
  return [...new Set(variations.filter((v) => v !== ''))];
}

const MIN_DETECTED_LINE = 4;
const MIN_DETECTED_BASE64 = 8;

/**
 * What the leak check looks for: the value, each line of a multi-line value (4+ characters), its base64
 * at every byte alignment without the characters that depend on neighbouring bytes (so it is found inside
 * a longer base64 text, e.g. a Basic auth header), and its URI- and JSON-escaped forms.
 */
export function detectionPatterns(secret: string): MaskPattern[] {
  const patterns: MaskPattern[] = [{ text: secret, form: 'value', secret }];
  const lines = secret
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_DETECTED_LINE);
  if (lines.length > 1) for (const line of lines) patterns.push({ text: line, form: 'line', secret });
  const bytes = Buffer.from(secret, 'utf8');
  for (const shift of [0, 1, 2]) {
    const rest = bytes.subarray(shift);
    const whole = rest.subarray(0, rest.length - (rest.length % 3));
    const text = base64(whole);
    if (text.length >= MIN_DETECTED_BASE64) patterns.push({ text, form: 'base64', secret });
  }
  const uri = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  if (uri !== secret) patterns.push({ text: uri, form: 'uri', secret });
  if (json !== secret) patterns.push({ text: json, form: 'json', secret });
  return patterns;
}

export class SecretMasker {
  private readonly registrations: Registration[] = [];
  private readonly maskValues = new Set<string>();

  /** Like `::add-mask::`: the value exactly as given (blank values are ignored; the runner warns). */
  add(secret: string, leakChecked = true): void {
    if (secret.trim() === '') return;
    this.register(secret, leakChecked);
    this.addMaskValue(secret);
  }

  /** Like a `secrets.*` value of the job: trimmed, and each line of it on its own. */
  addSecret(secret: string): void {
    const value = secret.trim();
    if (value === '') return;
    this.register(value, true);
    this.addMaskValue(value);
    for (const line of value.split(/[\r\n]+/)) if (line.trim() !== '') this.addMaskValue(line.trim());
  }

  private register(secret: string, leakChecked: boolean): void {
    const known = this.registrations.find((r) => r.secret === secret);
    if (known) known.leakChecked ||= leakChecked;
    else this.registrations.push({ secret, leakChecked });
  }

  private addMaskValue(value: string): void {
    for (const variation of runnerVariations(value)) this.maskValues.add(variation);
  }

  get values(): string[] {
    return this.registrations.map((r) => r.secret);
  }

  get all(): readonly Registration[] {
    return this.registrations;
  }

  /** Replaces every occurrence of every masked variation by ***, merging overlapping matches as the runner does. */
  mask(text: string): string {
    if (this.maskValues.size === 0 || text === '') return text;
    const ranges: [number, number][] = [];
    for (const pattern of this.maskValues) {
      for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) {
        ranges.push([at, at + pattern.length]);
      }
    }
    if (ranges.length === 0) return text;
    ranges.sort((a, b) => a[0] - b[0]);
    let result = '';
    let cursor = 0;
    let [start, end] = ranges[0] as [number, number];
    for (const [s, e] of ranges.slice(1)) {
      if (s <= end) {
        end = Math.max(end, e);
        continue;
      }
      result += text.slice(cursor, start) + '***';
      cursor = end;
      [start, end] = [s, e];
    }
    return result + text.slice(cursor, start) + '***' + text.slice(end);
  }
}

/** Finds which patterns occur in a text (for the leak check). */
export function findPatterns(text: string, patterns: readonly MaskPattern[]): MaskPattern[] {
  return patterns.filter((p) => text.includes(p.text));
}

/** A hint that tells secrets apart without revealing them. */
export function redactedHint(secret: string): string {
  return secret.length >= 12 ? `${secret.slice(0, 2)}…(${secret.length} chars)` : `(${secret.length} chars)`;
}
