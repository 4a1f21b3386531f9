// Which builder this runner has: `docker buildx build` when the buildx plugin works, otherwise the
// classic `docker build` + `docker push` path, and what each can do.
import type { Exec } from './exec.js';

export interface Builder {
  kind: 'buildx' | 'classic';
  /** buildx version (e.g. v0.12.1) or empty when unknown. */
  version: string;
  /** The buildx driver (docker, docker-container, kubernetes, remote); undefined for classic. */
  driver?: string;
  /** Several platforms in one image index. */
  multiPlatform: boolean;
  /** --cache-to (gha, registry, local); the docker driver cannot export cache. */
  cacheExport: boolean;
  /** --secret build secrets (BuildKit only). */
  secrets: boolean;
}

export const CLASSIC: Builder = {
  kind: 'classic',
  version: '',
  multiPlatform: false,
  cacheExport: false,
  secrets: false,
};

export function buildxBuilder(version: string, driver: string | undefined): Builder {
  // The docker driver builds inside dockerd: one platform, no cache export (docs.docker.com/build/drivers).
  const limited = driver === 'docker';
  return {
    kind: 'buildx',
    version,
    ...(driver === undefined ? {} : { driver }),
    multiPlatform: !limited,
    cacheExport: !limited,
    secrets: true,
  };
}

/** `github.com/docker/buildx v0.12.1 630066bfc5…` → v0.12.1 */
export function parseBuildxVersion(output: string): string {
  return /\bv?\d+\.\d+\.\d+\S*/.exec(output)?.[0] ?? '';
}

/** The `Driver:` line of `docker buildx inspect` (the first one: the builder's own). */
export function parseBuildxDriver(output: string): string | undefined {
  return /^Driver:\s*(\S+)/m.exec(output)?.[1];
}

/**
 * Asks the docker CLI whether buildx works. Only local CLI calls: no build, no network. Client 23+
 * without the plugin fails `docker buildx version` ("unknown command"), and its `docker build`
 * then needs DOCKER_BUILDKIT=0 to run the legacy builder when DOCKER_BUILDKIT=1 is in the env.
 */
export async function detectBuilder(exec: Exec, signal?: AbortSignal): Promise<Builder> {
  const version = await exec('docker', ['buildx', 'version'], { signal });
  if (version.exitCode !== 0) return CLASSIC;
  const inspect = await exec('docker', ['buildx', 'inspect'], { signal });
  const driver = inspect.exitCode === 0 ? parseBuildxDriver(inspect.stdout) : undefined;
  return buildxBuilder(parseBuildxVersion(version.stdout), driver);
}

export function describeBuilder(builder: Builder): string {
  if (builder.kind === 'classic') return 'classic docker build (no buildx)';
  const version = builder.version ? ` ${builder.version}` : '';
  return `docker buildx${version}${builder.driver ? ` (${builder.driver} driver)` : ''}`;
}
