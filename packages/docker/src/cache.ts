// Build cache modes and what each means for buildx. A cache that cannot be exported costs speed,
// never the build: exports carry ignore-error=true, and a build that still fails while exporting
// is run again without exporting (see buildx-build.ts).
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Builder } from './builder.js';
import type { ImageName } from './image-ref.js';
import type { RegistryType } from './registry-type.js';

export const CACHE_MODES = ['gha', 'registry', 'local', 'none'] as const;
/**
 * gha: the GitHub Actions cache service (buildx only); registry: a `:buildcache` image next to the
 * image; local: a directory kept between runs with @actions/cache; none: no cache import/export
 * (the daemon's own layer cache still applies).
 */
export type CacheMode = (typeof CACHE_MODES)[number];

/** The runner's cache service, as @actions/cache offers it (injected: tests pass a folder-backed one). */
export interface CacheStore {
  available(): boolean;
  /** The key that was restored, or undefined on a miss. */
  restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined>;
  /** False when nothing was saved (e.g. the key exists already: keys are immutable). */
  save(paths: string[], key: string): Promise<boolean>;
}

export interface CacheSettings {
  mode: CacheMode;
  image: ImageName;
  registryType: RegistryType;
  /** The folder of the local cache (mode local). */
  dir: string;
  /** @actions/cache keys: one entry per commit, restored from the newest of the same image. */
  key: string;
  restoreKeys: string[];
  /** gha cache scope: one per image, so images of one repository do not evict each other. */
  scope: string;
}

export function cacheSettings(options: {
  mode: CacheMode;
  image: ImageName;
  registryType: RegistryType;
  builder: Builder['kind'];
  sha: string;
  tempDir: string;
}): CacheSettings {
  const id = createHash('sha256').update(options.image.name).digest('hex').slice(0, 16);
  const prefix = `shipline-docker-${options.builder}-${id}-`;
  return {
    mode: options.mode,
    image: options.image,
    registryType: options.registryType,
    dir: path.join(options.tempDir, 'shipline-docker-cache', id),
    key: `${prefix}${options.sha || 'nosha'}`,
    restoreKeys: [prefix],
    scope: options.image.name.replace(/[^\w.-]+/g, '-'),
  };
}

export const cacheImageRef = (image: ImageName): string => `${image.name}:buildcache`;
export const localExportDir = (settings: CacheSettings): string => `${settings.dir}-new`;

export interface BuildxCacheArgs {
  from: string[];
  to: string[];
  notes: string[];
}

/** --cache-from / --cache-to values for buildx. */
export function buildxCacheArgs(settings: CacheSettings, builder: Builder): BuildxCacheArgs {
  const exported = (value: string) => `${value},mode=max,ignore-error=true`;
  let from: string[] = [];
  let to: string[] = [];
  if (settings.mode === 'gha') {
    from = [`type=gha,scope=${settings.scope}`];
    to = [exported(`type=gha,scope=${settings.scope}`)];
  } else if (settings.mode === 'registry') {
    const ref = cacheImageRef(settings.image);
    // ECR stores cache only as an image manifest with OCI media types.
    const ecr = settings.registryType === 'ecr' ? ',image-manifest=true,oci-mediatypes=true' : '';
    from = [`type=registry,ref=${ref}`];
    to = [exported(`type=registry,ref=${ref}${ecr}`)];
  } else if (settings.mode === 'local') {
    from = [`type=local,src=${settings.dir}`];
    to = [exported(`type=local,dest=${localExportDir(settings)}`)];
  }
  if (to.length > 0 && !builder.cacheExport) {
    return {
      from,
      to: [],
      notes: [
        `the buildx ${builder.driver ?? ''} driver cannot export a build cache: cache '${settings.mode}' is ` +
          'only read; create a docker-container builder (docker/setup-buildx-action) to write it',
      ],
    };
  }
  return { from, to, notes: [] };
}

/** Lines of buildx output that report a failed cache export (a warning with ignore-error=true). */
export function cacheExportProblems(output: string): string[] {
  return output
    .split(/\r?\n/)
    .filter((line) =>
      /(export(ing)?|writ(e|ing)) (to )?cache|cache export|failed to export cache/i.test(line),
    )
    .filter((line) => /error|fail|warn/i.test(line))
    .map((line) => line.trim())
    .slice(0, 5);
}
