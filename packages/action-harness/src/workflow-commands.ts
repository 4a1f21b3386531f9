// Parsing of `::command key=value,...::message` lines, following the runner's ActionCommand.TryParseV2.

/** Commands the runner registers; a line naming anything else is plain log output. */
export const REGISTERED_COMMANDS: readonly string[] = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'notice',
  'warning',
  'error',
  'group',
  'endgroup',
  'echo',
];

export interface ParsedCommand {
  /** The command name as written (matching is case-insensitive). */
  command: string;
  properties: Record<string, string>;
  message: string;
}

// The runner replaces each escape in this order, so `%250A` stays `%0A` (not a newline).
const DATA_ESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
];
const PROPERTY_ESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
];

function unescape(value: string, mappings: [string, string][]): string {
  let result = value;
  for (const [escaped, raw] of mappings) result = result.split(escaped).join(raw);
  return result;
}

export function unescapeData(value: string): string {
  return unescape(value, DATA_ESCAPES);
}

export function unescapeProperty(value: string): string {
  return unescape(value, PROPERTY_ESCAPES);
}

/**
 * Parses one output line as a workflow command. Returns undefined for anything the runner would print as
 * plain text: no `::` prefix (after leading whitespace), no closing `::`, or a command name that is not
 * registered. `extraCommands` adds names (the runner registers the active stop-commands token).
 */
export function parseWorkflowCommand(
  line: string,
  extraCommands: readonly string[] = [],
): ParsedCommand | undefined {
  const text = line.trimStart();
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = text.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const known = (name: string) => name.toLowerCase() === command.toLowerCase();
  if (!REGISTERED_COMMANDS.some(known) && !extraCommands.some(known)) return undefined;

  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const entry of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      if (entry === '') continue;
      const eq = entry.indexOf('=');
      // The runner splits on the first '=' dropping empty parts, so `a=` and `=b` carry no property.
      const key = eq < 0 ? entry : entry.slice(0, eq);
      const value = eq < 0 ? '' : entry.slice(eq + 1);
      if (key === '' || value === '') continue;
      // Keys are case-insensitive in the runner: a repeated key overwrites the first one's value.
      const existing = Object.keys(properties).find((k) => k.toLowerCase() === key.toLowerCase());
      properties[existing ?? key] = unescapeProperty(value);
    }
  }
  return { command, properties, message: unescapeData(text.slice(end + 2)) };
}

/** Property lookup the way the runner does it: keys are case-insensitive. */
export function getProperty(properties: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(properties).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : properties[key];
}
