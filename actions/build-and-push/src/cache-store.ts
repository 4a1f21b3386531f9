// The runner's cache service through @actions/cache, behind the small interface the docker package uses.
import * as cache from '@actions/cache';
import type { CacheStore } from '@shipline/docker';

export const actionsCacheStore: CacheStore = {
  available: () => cache.isFeatureAvailable(),
  restore: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
  // saveCache answers -1 when it saved nothing (the key exists, or another job is saving it).
  save: async (paths, key) => (await cache.saveCache(paths, key)) !== -1,
};
