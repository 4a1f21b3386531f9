// The argument lists of both builders. Arrays, never a shell string: values cannot inject flags.

export interface BuildSpec {
  /** Absolute path of the build context. */
  context: string;
  dockerfile: string;
  /** Full references to tag the result with: `image:tag`. */
  refs: string[];
  labels: Map<string, string>;
  buildArgs: Map<string, string>;
  target?: string;
  platforms: string[];
  /** buildx: push as part of the build. The classic builder pushes afterwards. */
  push: boolean;
  /** buildx build secrets, each a file only the build can read (`--secret id=…,src=…`). */
  secretFiles: { id: string; path: string }[];
  /** Builder-specific `--cache-from` / `--cache-to` values. */
  cacheFrom: string[];
  cacheTo: string[];
  /** buildx writes the result's digest here (containerimage.digest). */
  metadataFile?: string;
  /** Both builders write the image (config) id here. */
  iidFile?: string;
}

const each = (flag: string, values: Iterable<string>) => [...values].flatMap((value) => [flag, value]);
const pairs = (map: Map<string, string>) => [...map].map(([key, value]) => `${key}=${value}`);

function common(spec: BuildSpec): string[] {
  return [
    '--file',
    spec.dockerfile,
    ...each('--tag', spec.refs),
    ...each('--label', pairs(spec.labels)),
    ...each('--build-arg', pairs(spec.buildArgs)),
    ...(spec.target ? ['--target', spec.target] : []),
    ...(spec.iidFile ? ['--iidfile', spec.iidFile] : []),
  ];
}

/** `docker buildx build …`: one command builds, tags and (with push) pushes every tag. */
export function buildxBuildArgs(spec: BuildSpec): string[] {
  // --load only works for one platform; a multi-platform build that is not pushed stays in the cache.
  const output = spec.push ? ['--push'] : spec.platforms.length <= 1 ? ['--load'] : [];
  return [
    'buildx',
    'build',
    ...common(spec),
    ...(spec.platforms.length > 0 ? ['--platform', spec.platforms.join(',')] : []),
    ...each(
      '--secret',
      spec.secretFiles.map((s) => `id=${s.id},src=${s.path}`),
    ),
    ...each('--cache-from', spec.cacheFrom),
    ...each('--cache-to', spec.cacheTo),
    ...(spec.metadataFile ? ['--metadata-file', spec.metadataFile] : []),
    ...output,
    spec.context,
  ];
}

/**
 * The environment of a classic build. Docker CLI 23+ without the buildx plugin fails
 * `docker build` with "BuildKit is enabled but the buildx component is missing" when
 * DOCKER_BUILDKIT=1 is set (as some workflows do); DOCKER_BUILDKIT=0 always runs the legacy builder.
 */
export const CLASSIC_BUILD_ENV: Record<string, string> = { DOCKER_BUILDKIT: '0' };

/** `docker build …` with the legacy builder: one platform at most, no secrets, image cache-from only. */
export function classicBuildArgs(spec: BuildSpec): string[] {
  if (spec.platforms.length > 1) throw new Error('the classic builder builds one platform at a time');
  if (spec.secretFiles.length > 0) throw new Error('the classic builder has no build secrets');
  return [
    'build',
    ...common(spec),
    ...(spec.platforms.length === 1 ? ['--platform', spec.platforms[0] as string] : []),
    ...each('--cache-from', spec.cacheFrom),
    spec.context,
  ];
}

export function classicPushArgs(ref: string): string[] {
  return ['push', ref];
}
