// The runner's secret masker: every registered value, each line of a multi-line value, and the encodings
// the runner also masks (base64, URI-escaped, JSON-escaped) are replaced by *** in everything logged from
// the moment of registration on.

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
  /** Position in the run's line sequence at which it was registered; -1 = before the run. */
  seq: number;
  /** Stop-commands tokens are masked by the runner but are not the action's secrets. */
  leakChecked: boolean;
}

function derivedPatterns(secret: string): MaskPattern[] {
  const patterns: MaskPattern[] = [{ text: secret, form: 'value', secret }];
  const lines = secret.split(/\r\n|\r|\n/).map((line) => line.trim());
  if (lines.length > 1) {
    for (const line of lines) if (line !== '') patterns.push({ text: line, form: 'line', secret });
  }
  const base64 = Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, '');
  const uri = encodeURIComponent(secret);
  const json = JSON.stringify(secret).slice(1, -1);
  // A very short base64 form would mask unrelated text all over the log.
  if (base64.length >= 6 && base64 !== secret) patterns.push({ text: base64, form: 'base64', secret });
  if (uri !== secret) patterns.push({ text: uri, form: 'uri', secret });
  if (json !== secret) patterns.push({ text: json, form: 'json', secret });
  return patterns.filter((p) => p.text !== '');
}

export class SecretMasker {
  private readonly registrations: Registration[] = [];
  private patterns: MaskPattern[] = [];

  /** Registers a value; blank values are ignored (the runner warns about them instead). */
  add(secret: string, seq: number, leakChecked = true): void {
    if (secret.trim() === '') return;
    const known = this.registrations.find((r) => r.secret === secret);
    if (known) {
      known.leakChecked ||= leakChecked;
      return;
    }
    this.registrations.push({ secret, seq, leakChecked });
    this.patterns.push(...derivedPatterns(secret));
  }

  get values(): string[] {
    return this.registrations.map((r) => r.secret);
  }

  get all(): readonly Registration[] {
    return this.registrations;
  }

  patternsOf(secret: string): MaskPattern[] {
    return this.patterns.filter((p) => p.secret === secret);
  }

  /** Replaces every occurrence of every pattern by ***, merging overlapping matches as the runner does. */
  mask(text: string): string {
    if (this.patterns.length === 0 || text === '') return text;
    const ranges: [number, number][] = [];
    for (const { text: pattern } of this.patterns) {
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

/** Finds which registered patterns occur in a text (for the leak check). */
export function findPatterns(text: string, patterns: readonly MaskPattern[]): MaskPattern[] {
  return patterns.filter((p) => text.includes(p.text));
}

/** A hint that tells secrets apart without revealing them. */
export function redactedHint(secret: string): string {
  return secret.length >= 12 ? `${secret.slice(0, 2)}…(${secret.length} chars)` : `(${secret.length} chars)`;
}
