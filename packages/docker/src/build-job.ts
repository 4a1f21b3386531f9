// What both builders take and give back.
import fs from 'node:fs';
import type { BuildSpec } from './build-command.js';
import type { CacheSettings, CacheStore } from './cache.js';
import type { PushRetryOptions } from './push.js';

export interface BuildJob {
  spec: Omit<BuildSpec, 'cacheFrom' | 'cacheTo' | 'metadataFile' | 'iidFile'>;
  /** The reference whose digest the action reports (the immutable sha tag when there is one). */
  primaryRef: string;
  cache: CacheSettings;
  cacheStore: CacheStore;
  /** A private folder for the image-id and metadata files. */
  tempDir: string;
  retry: PushRetryOptions;
}

export interface BuildResult {
  /** The image (config) id: sha256:… */
  imageId?: string;
  /** The manifest digest the builder reported; the registry's Docker-Content-Digest has the last word. */
  reportedDigest?: string;
  /** Push attempts of the primary reference (1 when the first one worked). */
  pushAttempts: number;
  cacheWarnings: string[];
  cacheNotes: string[];
}

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

export function readTrimmed(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8').trim();
  return text === '' ? undefined : text;
}
