// The `local` cache folder, kept between runs through the runner's cache service. Every failure
// here is reported as a warning: a missing cache makes a build slower, never wrong.
import fs from 'node:fs';
import { localExportDir, type CacheSettings, type CacheStore } from './cache.js';

export interface CacheOutcome {
  warnings: string[];
  notes: string[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function restoreLocalCache(store: CacheStore, settings: CacheSettings): Promise<CacheOutcome> {
  fs.mkdirSync(settings.dir, { recursive: true });
  if (!store.available()) {
    return {
      warnings: [
        "cache 'local': the runner's cache service is not available here, so the cache folder " +
          'lives only for this run (on GitHub Actions it is kept between runs)',
      ],
      notes: [],
    };
  }
  try {
    const hit = await store.restore([settings.dir], settings.key, settings.restoreKeys);
    return { warnings: [], notes: [hit ? `restored the build cache ${hit}` : 'no build cache saved yet'] };
  } catch (error) {
    return {
      warnings: [`restoring the build cache failed (building without it): ${message(error)}`],
      notes: [],
    };
  }
}

/** buildx writes the new cache beside the old one (it never prunes in place); swap them. */
export function adoptExportedCache(settings: CacheSettings): void {
  const fresh = localExportDir(settings);
  if (!fs.existsSync(fresh)) return;
  fs.rmSync(settings.dir, { recursive: true, force: true });
  fs.renameSync(fresh, settings.dir);
}

export async function saveLocalCache(store: CacheStore, settings: CacheSettings): Promise<CacheOutcome> {
  if (!store.available()) return { warnings: [], notes: [] };
  try {
    const saved = await store.save([settings.dir], settings.key);
    return {
      warnings: [],
      notes: [
        saved ? `saved the build cache ${settings.key}` : `build cache ${settings.key} not saved (it exists)`,
      ],
    };
  } catch (error) {
    return { warnings: [`saving the build cache failed (the image is fine): ${message(error)}`], notes: [] };
  }
}
