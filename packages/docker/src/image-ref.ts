// Image repository names as registries accept them (the distribution reference grammar), where
// each one lives, and full references built from them.

/** One path component: lowercase letters and digits, separated by '.', '_', '__' or dashes. */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9a-fA-F:.]+\\])(?::\\d{1,5})?$`);
/** A tag: word characters, '.' and '-', up to 128, not starting with '.' or '-'. */
export const TAG_PATTERN = /^\w[\w.-]{0,127}$/;
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

export interface ImageName {
  /** As given (trimmed), e.g. `127.0.0.1:5000/app`, `acme/app`. */
  name: string;
  /** The registry host (and port) docker talks to; `docker.io` for Docker Hub. */
  host: string;
  /** The repository path on that registry (`library/nginx` for Docker Hub's `nginx`). */
  repository: string;
}

/** An image name that cannot be used: says what is wrong and shows a good value. */
export class ImageNameError extends Error {
  constructor(
    readonly problem: string,
    readonly example: string,
  ) {
    super(problem);
    this.name = 'ImageNameError';
  }
}

const EXAMPLE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app or localhost:5000/app';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The `user:password@` of a name written like a URL (`https://user:pw@host/app`), if any: the
 * caller masks it before anything can quote the name.
 */
export function imageNameCredentials(text: string): string | undefined {
  const rest = text.trim().replace(SCHEME, '');
  const at = rest.indexOf('@');
  const slash = rest.indexOf('/');
  // `app@sha256:…` is a digest; an '@' before the first '/' of anything else ends user-info.
  if (at <= 0 || (slash >= 0 && at > slash) || /^[a-z0-9]+:[a-f0-9]{32,}$/.test(rest.slice(at + 1))) {
    return undefined;
  }
  return rest.slice(0, at);
}

/**
 * Parses a repository name without tag or digest; throws ImageNameError naming the problem. A
 * name with credentials is refused without quoting it, and the suggested name leaves them out.
 */
export function parseImageName(text: string): ImageName {
  const name = text.trim();
  const fail = (problem: string, example = EXAMPLE): never => {
    throw new ImageNameError(problem, example);
  };
  const credentials = imageNameCredentials(name);
  if (credentials !== undefined) {
    const withoutThem = name.replace(SCHEME, '').slice(credentials.length + 1);
    fail(
      'carries credentials (user:password@ before the registry host), which are refused: give the ' +
        'image name alone and log in with the username and password inputs',
      withoutThem,
    );
  }
  if (SCHEME.test(name)) {
    const withoutScheme = name.replace(SCHEME, '');
    fail(`${JSON.stringify(name)} is a URL: give the image name without a scheme`, withoutScheme);
  }
  if (name === '') fail('is empty');
  if (/\s/.test(name)) fail(`${JSON.stringify(name)} contains whitespace`);
  if (/^[^/]+:\d+$/.test(name))
    fail(`${JSON.stringify(name)} names a registry but no repository`, `${name}/app`);
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = hasHost ? first : 'docker.io';
  const path = hasHost ? name.slice(slash + 1) : name;
  const at = path.indexOf('@');
  if (at >= 0) {
    fail(`${JSON.stringify(name)} has a digest: give the repository only`, name.slice(0, name.indexOf('@')));
  }
  const colon = path.indexOf(':');
  if (colon >= 0) {
    const repo = `${hasHost ? `${host}/` : ''}${path.slice(0, colon)}`;
    fail(
      `${JSON.stringify(name)} has a tag (${path.slice(colon)}): put tags in 'tags', not in 'image'`,
      repo,
    );
  }
  if (hasHost && !DOMAIN.test(host)) fail(`${JSON.stringify(host)} is not a valid registry host`);
  if (path === '') fail(`${JSON.stringify(name)} names a registry but no repository`, `${host}/app`);
  if (path !== path.toLowerCase()) {
    const lower = `${hasHost ? `${host}/` : ''}${path.toLowerCase()}`;
    fail(`repository ${JSON.stringify(path)} has uppercase letters: registries accept lowercase only`, lower);
  }
  for (const component of path.split('/')) {
    if (!COMPONENT.test(component)) {
      fail(
        `repository path component ${JSON.stringify(component)} is not valid: use lowercase letters and ` +
          `digits, separated by '.', '_', '__' or '-'`,
      );
    }
  }
  if (name.length > 255) fail(`is ${name.length} characters long; the limit is 255`);
  const repository = !hasHost && !path.includes('/') ? `library/${path}` : path;
  return { name, host, repository };
}

export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

export function isDigest(text: string): boolean {
  return DIGEST_PATTERN.test(text);
}

export const tagRef = (image: ImageName, tag: string): string => `${image.name}:${tag}`;
export const digestRef = (image: ImageName, digest: string): string => `${image.name}@${digest}`;

/** Whether a registry host is on this machine (plain HTTP is allowed there, as dockerd does). */
export function isLoopbackHost(host: string): boolean {
  const hostname = host.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return hostname === 'localhost' || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '::1';
}

/** The base URL of a registry's HTTP API v2: Docker Hub answers on registry-1.docker.io. */
export function registryApiBase(host: string): string {
  if (host === 'docker.io' || host === 'index.docker.io') return 'https://registry-1.docker.io';
  return `${isLoopbackHost(host) ? 'http' : 'https'}://${host}`;
}
