// The root filesystem of the local Node.js base image, as tar entries: the Node binary and the
// shared libraries ldd lists for it, a static BusyBox (/bin/sh, wget, ...) with one link per
// applet, user tools BusyBox lacks, npm, and /etc files with a `node` user (uid/gid 1000).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TarEntry } from './tar-stream.js';

export interface RootfsSources {
  /** The Node.js executable (Node 24). */
  node: string;
  /** A BusyBox executable (busybox-static's /bin/busybox). */
  busybox: string;
  /** An unpacked npm package (its package.json at the top), or undefined for an image without npm. */
  npmDir?: string;
}

/** The libraries in `ldd` output (`name => /path (addr)` and the loader's `/path (addr)`). */
export function parseLdd(output: string): string[] {
  const paths: string[] = [];
  for (const line of output.split('\n')) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match) paths.push(match[1]!);
  }
  return paths;
}

/** Shared libraries an executable loads; none for a static one. */
export function sharedLibraries(executable: string): string[] {
  try {
    return parseLdd(
      execFileSync('ldd', [executable], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  } catch (error) {
    const text = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
    if (/not a dynamic executable|statically linked/.test(text)) return [];
    throw new Error(`ldd ${executable} failed: ${text.trim() || (error as Error).message}`, {
      cause: error,
    });
  }
}

const PASSWD = [
  'root:x:0:0:root:/root:/bin/sh',
  'node:x:1000:1000::/home/node:/bin/sh',
  'nobody:x:65534:65534:nobody:/nonexistent:/bin/false',
];
const GROUP = ['root:x:0:', 'node:x:1000:', 'nogroup:x:65534:'];
const SHADOW = ['root:*:0:0:99999:7:::', 'node:!:0:0:99999:7:::', 'nobody:*:0:0:99999:7:::'];
const USER_TOOLS = fileURLToPath(new URL('./user-tools.sh', import.meta.url));

const text = (file: string, lines: string[], mode = 0o644): TarEntry => ({
  path: file,
  type: 'file',
  mode,
  content: `${lines.join('\n')}\n`,
});

function hostFile(to: string, from: string, mode?: number): TarEntry {
  const stat = fs.statSync(from);
  return { path: to, type: 'file', mode: mode ?? stat.mode, source: from, size: stat.size };
}

/** Every file, link and directory under `dir`, placed under `into` (ownership root). */
function tree(dir: string, into: string): TarEntry[] {
  const entries: TarEntry[] = [];
  for (const item of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const from = path.join(dir, item.name);
    const to = `${into}/${item.name}`;
    if (item.isSymbolicLink()) entries.push({ path: to, type: 'symlink', target: fs.readlinkSync(from) });
    else if (item.isDirectory()) entries.push({ path: to, type: 'dir', mode: 0o755 }, ...tree(from, to));
    else if (item.isFile()) entries.push(hostFile(to, from));
  }
  return entries;
}

/** The whole root filesystem, directories before what they hold. */
export function nodeRootfs(sources: RootfsSources): TarEntry[] {
  const files: TarEntry[] = [hostFile('usr/local/bin/node', sources.node, 0o755)];
  const libraries = new Set([...sharedLibraries(sources.node), ...sharedLibraries(sources.busybox)]);
  // At the path ldd names (the loader's path is compiled into the executable), with the content of
  // the file it resolves to: the image needs no usr-merge links.
  for (const library of libraries)
    files.push(hostFile(library.replace(/^\//, ''), fs.realpathSync(library), 0o755));
  files.push(hostFile('bin/busybox', sources.busybox, 0o755));
  const applets = execFileSync(sources.busybox, ['--list-full'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const applet of applets) {
    if (applet !== 'bin/busybox') files.push({ path: applet, type: 'symlink', target: '/bin/busybox' });
  }
  files.push(hostFile('usr/sbin/shipline-user-tools', USER_TOOLS, 0o755));
  for (const tool of ['adduser', 'addgroup', 'useradd', 'groupadd']) {
    files.push({ path: `usr/sbin/${tool}`, type: 'symlink', target: 'shipline-user-tools' });
  }
  files.push(
    text('etc/passwd', PASSWD),
    text('etc/group', GROUP),
    text('etc/shadow', SHADOW, 0o640),
    text('etc/nsswitch.conf', ['passwd: files', 'group: files', 'hosts: files dns']),
    text('etc/os-release', [
      'NAME="Shipline local base image"',
      'ID=shipline',
      'PRETTY_NAME="Shipline Node.js base (BusyBox)"',
    ]),
  );
  if (sources.npmDir) {
    files.push(...tree(sources.npmDir, 'usr/local/lib/node_modules/npm'));
    files.push({
      path: 'usr/local/bin/npm',
      type: 'symlink',
      target: '../lib/node_modules/npm/bin/npm-cli.js',
    });
    files.push({
      path: 'usr/local/bin/npx',
      type: 'symlink',
      target: '../lib/node_modules/npm/bin/npx-cli.js',
    });
  }
  return [...directories(files), ...files];
}

/** The parent directories of every entry, plus the ones a Linux image is expected to have. */
function directories(files: TarEntry[]): TarEntry[] {
  const modes = new Map<string, { mode: number; uid?: number; gid?: number }>([
    ['tmp', { mode: 0o1777 }],
    ['var/tmp', { mode: 0o1777 }],
    ['root', { mode: 0o700 }],
    ['home/node', { mode: 0o755, uid: 1000, gid: 1000 }],
  ]);
  for (const dir of ['proc', 'sys', 'dev', 'etc', 'var', 'home', 'usr/local/lib/node_modules'])
    modes.set(dir, { mode: 0o755 });
  const explicit = new Set(files.filter((entry) => entry.type === 'dir').map((entry) => entry.path));
  for (const entry of files) {
    for (let dir = path.posix.dirname(entry.path); dir !== '.'; dir = path.posix.dirname(dir)) {
      if (!modes.has(dir) && !explicit.has(dir)) modes.set(dir, { mode: 0o755 });
    }
  }
  return [...modes]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dir, owner]) => ({ path: dir, type: 'dir' as const, ...owner }));
}
