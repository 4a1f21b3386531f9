// A minimal tar writer (ustar, with a pax header for long paths) streamed from entries, so a root
// filesystem goes from the host's files into `docker import` without a staging copy.
import { createReadStream } from 'node:fs';

export type TarEntry =
  | { path: string; type: 'dir'; mode: number; uid?: number; gid?: number }
  | { path: string; type: 'symlink'; target: string }
  /** A host file copied as is (source), or text given here (content). */
  | { path: string; type: 'file'; mode: number; source: string; size: number; uid?: number; gid?: number }
  | { path: string; type: 'file'; mode: number; content: string; uid?: number; gid?: number };

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, typeflag: string, mode: number, link = '', uid = 0, gid = 0) {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(mode & 0o7777, 8), 100, 'ascii');
  block.write(octal(uid, 8), 108, 'ascii');
  block.write(octal(gid, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii'); // mtime 0: the same inputs give the same layer
  block.fill(' ', 148, 156);
  block.write(typeflag, 156, 'ascii');
  block.write(link, 157, 100, 'utf8');
  block.write('ustar\x0000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'ascii');
  return block;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** A pax extended header carrying the full path (and link) when ustar's 100 bytes are too few. */
function paxHeader(path: string, link: string): Buffer[] {
  const records = [['path', path], ...(link ? [['linkpath', link]] : [])].map(([key, value]) => {
    const body = ` ${key}=${value}\n`;
    let length = Buffer.byteLength(body);
    length += String(length + String(length).length).length;
    return `${length}${body}`;
  });
  const data = Buffer.from(records.join(''), 'utf8');
  return [header('PaxHeader', data.length, 'x', 0o644), data, padding(data.length)];
}

function entryHeaders(entry: TarEntry, size: number): Buffer[] {
  const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
  const link = entry.type === 'symlink' ? entry.target : '';
  const long = Buffer.byteLength(name) > 100 || Buffer.byteLength(link) > 100;
  const type = entry.type === 'dir' ? '5' : entry.type === 'symlink' ? '2' : '0';
  const mode = entry.type === 'symlink' ? 0o777 : entry.mode;
  const uid = entry.type === 'symlink' ? 0 : (entry.uid ?? 0);
  const gid = entry.type === 'symlink' ? 0 : (entry.gid ?? 0);
  const own = header(name.slice(0, 100), size, type, mode, link.slice(0, 100), uid, gid);
  return long ? [...paxHeader(name, link), own] : [own];
}

/** The tar archive of `entries`, chunk by chunk (host files are read as the consumer pulls). */
export async function* tarStream(entries: Iterable<TarEntry>): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    if (entry.type !== 'file') {
      yield* entryHeaders(entry, 0);
      continue;
    }
    if ('content' in entry) {
      const data = Buffer.from(entry.content, 'utf8');
      yield* entryHeaders(entry, data.length);
      yield data;
      yield padding(data.length);
      continue;
    }
    yield* entryHeaders(entry, entry.size);
    let read = 0;
    for await (const chunk of createReadStream(entry.source) as AsyncIterable<Buffer>) {
      read += chunk.length;
      yield chunk;
    }
    if (read !== entry.size) throw new Error(`${entry.source} changed size while being archived`);
    yield padding(entry.size);
  }
  yield Buffer.alloc(BLOCK * 2);
}
