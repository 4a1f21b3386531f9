// Typed readers of structured inputs: lists, maps, JSON, URLs and paths inside the workspace.
import fs from 'node:fs';
import path from 'node:path';
import { quoteValue } from './input-error.js';
import { readInput, type InputOptions, type InputValue } from './inputs.js';

/** Lists, maps and JSON are multi-line by design, unless the caller says otherwise. */
function multiline<O extends InputOptions<unknown>>(options: O | undefined): O {
  return { ...options, multiline: options?.multiline ?? true } as O;
}

export interface ListOptions extends InputOptions<string[]> {
  item?: RegExp;
  itemHint?: string;
}

/** Items separated by commas or newlines; blanks are dropped, each item trimmed. */
export function readList<O extends ListOptions>(name: string, options?: O): InputValue<string[], O> {
  return readInput(name, multiline(options), 'first, second', (text, fail) => {
    const items = text
      .split(/[,\n]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) fail('has no items');
    for (const item of items) {
      if (options?.item && !options.item.test(item)) {
        fail(
          `has an item ${quoteValue(item, options.secret)} that is not ${options.itemHint ?? `like ${options.item}`}`,
        );
      }
    }
    return items;
  });
}

export interface MapOptions extends InputOptions<Map<string, string>> {
  /** What separates key from value on a line. Default '='. */
  separator?: string;
  key?: RegExp;
  keyHint?: string;
}

/**
 * One `key=value` per line (blank lines and `#` comments skipped). The value is everything after
 * the first separator and may be empty, since ECS accepts empty environment values.
 */
export function readMap<O extends MapOptions>(name: string, options?: O): InputValue<Map<string, string>, O> {
  const separator = options?.separator ?? '=';
  return readInput(name, multiline(options), `KEY${separator}value (one per line)`, (text, fail) => {
    const map = new Map<string, string>();
    text.split('\n').forEach((rawLine, index) => {
      const line = rawLine.replace(/\r$/, '').trim();
      if (line === '' || line.startsWith('#')) return;
      const at = line.indexOf(separator);
      const where = `line ${index + 1}`;
      if (at <= 0) fail(`${where} ${quoteValue(line, options?.secret)} is not KEY${separator}VALUE`);
      const key = line.slice(0, at).trim();
      if (options?.key && !options.key.test(key)) {
        fail(`${where} has a key ${quoteValue(key)} that is not ${options.keyHint ?? `like ${options.key}`}`);
      }
      if (map.has(key)) fail(`${where} repeats the key ${quoteValue(key)}`);
      map.set(key, line.slice(at + separator.length).trim());
    });
    if (map.size === 0) fail('has no entries');
    return map;
  });
}

export interface JsonOptions<T> extends InputOptions<T> {
  /** Returns a problem description, or undefined when the value is acceptable. */
  validate?: (value: unknown) => string | undefined;
}

export function readJson<T = unknown, O extends JsonOptions<T> = JsonOptions<T>>(
  name: string,
  options?: O,
): InputValue<T, O> {
  return readInput(name, multiline(options), '{"key": "value"}', (text, fail) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      fail(`is not valid JSON: ${(error as Error).message}`);
    }
    const problem = options?.validate?.(value);
    if (problem) fail(problem);
    return value as T;
  });
}

export interface UrlOptions extends InputOptions<URL> {
  /** Allowed schemes with the colon. Default https: and http:. */
  protocols?: string[];
  /**
   * Accept `user:password@` in the URL. Off by default: credentials in a URL travel in clear to
   * wherever it is logged, quoted or echoed; the action that takes them must mask and move them.
   */
  allowCredentials?: boolean;
  /**
   * Plain http only to loopback (127.0.0.0/8, ::1, localhost), where a local stand-in listens: for
   * a URL a secret travels to, which must not cross a network in clear.
   */
  httpOnlyOnLoopback?: boolean;
}

export function readUrl<O extends UrlOptions>(name: string, options?: O): InputValue<URL, O> {
  const protocols = options?.protocols ?? ['https:', 'http:'];
  return readInput(name, options, 'https://example.com/path', (text, fail) => {
    const url = URL.parse(text) ?? fail(`${quoteValue(text, options?.secret)} is not an absolute URL`);
    if (!protocols.includes(url.protocol)) {
      fail(
        `must use ${protocols.map((p) => p.replace(':', '')).join(' or ')}, not ${url.protocol.replace(':', '')}`,
      );
    }
    if (!options?.allowCredentials && (url.username !== '' || url.password !== '')) {
      // Neither the value nor its user-info is quoted: the password would land in the log.
      fail(
        'carries credentials (user:password@ before the host), which are refused: give the URL without them',
      );
    }
    if (options?.httpOnlyOnLoopback && url.protocol === 'http:' && !isLoopback(url.hostname)) {
      fail(
        `is plain http to ${url.hostname}: use https (plain http is allowed only on loopback, for a local stand-in)`,
      );
    }
    return url;
  });
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export interface PathOptions extends InputOptions<string> {
  /** Require the path to exist as this kind. */
  mustExist?: 'file' | 'directory';
  /** The folder paths must stay inside. Default GITHUB_WORKSPACE, else the current directory. */
  root?: string;
}

/** A path inside the workspace, returned absolute; `..` and links may not lead outside it. */
export function readWorkspacePath<O extends PathOptions>(name: string, options?: O): InputValue<string, O> {
  const root = path.resolve(options?.root ?? process.env.GITHUB_WORKSPACE ?? process.cwd());
  return readInput(name, options, 'deploy/task-definition.json', (text, fail) => {
    const resolved = path.resolve(root, text);
    if (!isInside(root, resolved)) fail(`${quoteValue(text)} points outside the workspace ${root}`);
    const exists = fs.existsSync(resolved);
    if (exists && !isInside(fs.realpathSync(root), fs.realpathSync(resolved))) {
      fail(`${quoteValue(text)} links to a place outside the workspace`);
    }
    if (options?.mustExist) {
      if (!exists) fail(`${quoteValue(text)} does not exist in the workspace ${root}`);
      const isDir = fs.statSync(resolved).isDirectory();
      if (options.mustExist === 'file' && isDir) fail(`${quoteValue(text)} is a directory, not a file`);
      if (options.mustExist === 'directory' && !isDir) fail(`${quoteValue(text)} is a file, not a directory`);
    }
    return resolved;
  });
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}
