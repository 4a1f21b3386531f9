// Cache for the classic builder, which can neither import nor export BuildKit caches: it can only
// use images as --cache-from. `registry` pulls and pushes a `:buildcache` image; `local` keeps a
// `docker save` of the last image in the cache folder. `gha` needs buildx (rejected up front).
import fs from 'node:fs';
import path from 'node:path';
import { cacheImageRef, type CacheSettings, type CacheStore } from './cache.js';
import type { Exec } from './exec.js';
import { lastLines } from './exec.js';
import { restoreLocalCache, saveLocalCache, type CacheOutcome } from './local-cache.js';
import { pushTag, type PushRetryOptions } from './push.js';

const TAR = 'image.tar';

/** `Loaded image: 127.0.0.1:5000/app:abc` (or `Loaded image ID: sha256:…`) → what to cache from. */
export function parseLoadedImage(output: string): string | undefined {
  return /^Loaded image(?: ID)?: (\S+)\s*$/m.exec(output)?.[1];
}

export async function prepareClassicCache(
  exec: Exec,
  settings: CacheSettings,
  store: CacheStore,
  signal?: AbortSignal,
): Promise<CacheOutcome & { cacheFrom: string[] }> {
  if (settings.mode === 'registry') {
    const ref = cacheImageRef(settings.image);
    const pulled = await exec('docker', ['pull', ref], { signal });
    if (pulled.exitCode === 0)
      return { cacheFrom: [ref], warnings: [], notes: [`cache image ${ref} pulled`] };
    return { cacheFrom: [], warnings: [], notes: [`no cache image ${ref} yet (${lastLines(pulled, 1)})`] };
  }
  if (settings.mode !== 'local') return { cacheFrom: [], warnings: [], notes: [] };
  const restored = await restoreLocalCache(store, settings);
  const tar = path.join(settings.dir, TAR);
  if (!fs.existsSync(tar)) return { ...restored, cacheFrom: [] };
  const loaded = await exec('docker', ['load', '--input', tar], { signal });
  const image = loaded.exitCode === 0 ? parseLoadedImage(loaded.stdout) : undefined;
  if (!image) {
    const warning = `loading the cached image failed (building without it): ${lastLines(loaded, 1)}`;
    return { cacheFrom: [], warnings: [...restored.warnings, warning], notes: restored.notes };
  }
  return {
    cacheFrom: [image],
    warnings: restored.warnings,
    notes: [...restored.notes, `cached image ${image} loaded`],
  };
}

export async function exportClassicCache(
  exec: Exec,
  settings: CacheSettings,
  store: CacheStore,
  built: { ref: string; pushed: boolean },
  retry: PushRetryOptions,
): Promise<CacheOutcome> {
  const { signal } = retry;
  if (settings.mode === 'registry') {
    if (!built.pushed)
      return { warnings: [], notes: ["cache 'registry' is written only when the image is pushed"] };
    const ref = cacheImageRef(settings.image);
    try {
      const tagged = await exec('docker', ['tag', built.ref, ref], { signal });
      if (tagged.exitCode !== 0) throw new Error(lastLines(tagged, 1));
      await pushTag(exec, ref, { ...retry, stream: false });
      return { warnings: [], notes: [`cache image ${ref} pushed`] };
    } catch (error) {
      return {
        warnings: [
          `exporting the build cache to ${ref} failed (the image is fine): ${(error as Error).message}`,
        ],
        notes: [],
      };
    }
  }
  if (settings.mode !== 'local') return { warnings: [], notes: [] };
  fs.mkdirSync(settings.dir, { recursive: true });
  const saved = await exec('docker', ['save', '--output', path.join(settings.dir, TAR), built.ref], {
    signal,
  });
  if (saved.exitCode !== 0) {
    return {
      warnings: [`saving the image for the local cache failed (the image is fine): ${lastLines(saved, 1)}`],
      notes: [],
    };
  }
  return saveLocalCache(store, settings);
}
