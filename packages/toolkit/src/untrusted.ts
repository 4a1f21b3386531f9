// Text the action did not write (server bodies and headers, ECS messages, issue comments, input
// values) reaches the log, where the runner reads any line starting with `::` (or `##[`) as a
// workflow command, and readers, who cannot see control or bidirectional characters.
import { redactSecrets } from './secrets.js';

// C0/C1 controls, line and paragraph separators, bidirectional controls, zero-width characters.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
// The same, less tab and the line breaks a multi-line log message is meant to have.
const UNPRINTABLE_IN_LINE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const COMMAND_START = /^(\s*)(::|##\[)/;
const LEGACY_COMMAND = /##\[/g;

/** One line, every unprintable character shown as an escape such as `\n`, `\u001b` or `\u202e`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}

function escapeChar(char: string): string {
  const escaped = JSON.stringify(char).slice(1, -1);
  return escaped.length > 1 ? escaped : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A log message as the runner should show it: its own line breaks and tabs kept, every other
 * unprintable character escaped, and no line read as a workflow command.
 */
export function logLines(text: string): string {
  return neutraliseCommands(text.replace(UNPRINTABLE_IN_LINE, escapeChar));
}

/**
 * Keeps each line of text from being read as a workflow command: a line starting with `::` (after
 * blanks, as the runner trims) gets a backslash before it, and the legacy `##[` (recognised
 * anywhere in a line) becomes `#\#[`.
 */
export function neutraliseCommands(text: string): string {
  return text
    .split(/(\r\n|\r|\n)/)
    .map((part) => part.replace(LEGACY_COMMAND, '#\\#[').replace(COMMAND_START, '$1\\$2'))
    .join('');
}

/** Untrusted text for a log line: secrets redacted, one printable line, never a workflow command. */
export function untrusted(text: string): string {
  return neutraliseCommands(printable(redactSecrets(text)));
}

/**
 * A bounded quote of untrusted text (a server's body, say) for a summary or an error message:
 * redacted before it is cut, so no cut leaves part of a secret behind.
 */
export function excerpt(text: string, max = 200): string {
  const safe = untrusted(text.trim());
  if (safe.length <= max) return safe;
  const cut = safe.slice(0, max).replace(/\\[^\\]{0,5}$/, '');
  return `${cut}… (+${safe.length - cut.length} chars)`;
}
