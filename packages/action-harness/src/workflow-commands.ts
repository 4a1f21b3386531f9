// Parsing of workflow commands as the runner's ActionCommand does: `::command key=value,...::message` at
// the start of a line, else the legacy `##[command key=value;...]message` anywhere in it.

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

const LEGACY_ESCAPES: [string, string][] = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
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

function parseProperties(
  text: string,
  separator: string,
  unescapeValue: (value: string) => string,
): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const entry of text.split(separator)) {
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    // The runner splits on the first '=' dropping empty parts, so `a=` and `=b` carry no property.
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? '' : entry.slice(eq + 1);
    if (key === '' || value === '') continue;
    // Keys are case-insensitive in the runner: a repeated key overwrites the first one's value.
    const existing = Object.keys(properties).find((k) => k.toLowerCase() === key.toLowerCase());
    properties[existing ?? key] = unescapeValue(value);
  }
  return properties;
}

function commandName(info: string, known: readonly string[]): { command: string; rest?: string } | undefined {
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!known.some((name) => name.toLowerCase() === command.toLowerCase())) return undefined;
  return { command, rest: space > 0 ? info.slice(space + 1) : undefined };
}

function parseV2(line: string, known: readonly string[]): ParsedCommand | undefined {
  const text = line.trimStart();
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const name = commandName(text.slice(2, end), known);
  if (!name) return undefined;
  const properties = name.rest === undefined ? {} : parseProperties(name.rest.trim(), ',', unescapeProperty);
  return { command: name.command, properties, message: unescapeData(text.slice(end + 2)) };
}

function parseLegacy(line: string, known: readonly string[]): ParsedCommand | undefined {
  const start = line.indexOf('##[');
  if (start < 0) return undefined;
  const end = line.indexOf(']', start);
  if (end < 0) return undefined;
  const name = commandName(line.slice(start + 3, end), known);
  if (!name) return undefined;
  const legacy = (value: string) => unescape(value, LEGACY_ESCAPES);
  const properties = name.rest === undefined ? {} : parseProperties(name.rest, ';', legacy);
  return { command: name.command, properties, message: legacy(line.slice(end + 1)) };
}

/**
 * Parses one output line as a workflow command. Returns undefined for anything the runner would print as
 * plain text: neither form, or a command name that is not registered. `extraCommands` adds names (the
 * runner registers the active stop-commands token).
 */
export function parseWorkflowCommand(
  line: string,
  extraCommands: readonly string[] = [],
): ParsedCommand | undefined {
  const known = [...REGISTERED_COMMANDS, ...extraCommands];
  return parseV2(line, known) ?? parseLegacy(line, known);
}

/** Property lookup the way the runner does it: keys are case-insensitive. */
export function getProperty(properties: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(properties).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : properties[key];
}
