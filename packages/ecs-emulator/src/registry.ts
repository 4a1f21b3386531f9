// A client for a local Docker registry (HTTP API v2), used for ECR DescribeImages and to decide
// whether a task's image can be pulled.

export interface RegistryConfig {
  url: string;
  username?: string;
  password?: string;
}

export type ManifestLookup =
  | { exists: true; digest?: string; mediaType?: string; size?: number }
  | { exists: false; code: string; message: string };

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export class RegistryClient {
  readonly host: string;
  private readonly base: string;

  constructor(readonly config: RegistryConfig) {
    const url = new URL(config.url);
    this.host = url.host;
    this.base = url.origin + url.pathname.replace(/\/$/, '');
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { accept: MANIFEST_TYPES };
    if (this.config.username !== undefined) {
      const token = Buffer.from(`${this.config.username}:${this.config.password ?? ''}`).toString('base64');
      headers.authorization = `Basic ${token}`;
    }
    return headers;
  }

  async lookupManifest(repository: string, reference: string): Promise<ManifestLookup> {
    const url = `${this.base}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
    const head = await fetch(url, {
      method: 'HEAD',
      headers: this.headers(),
      signal: AbortSignal.timeout(5000),
    });
    if (head.ok) {
      const size = Number(head.headers.get('content-length'));
      return {
        exists: true,
        ...optional('digest', head.headers.get('docker-content-digest')),
        ...optional('mediaType', head.headers.get('content-type')),
        ...(Number.isFinite(size) && size > 0 ? { size } : {}),
      };
    }
    if (head.status === 401 || head.status === 403) {
      return {
        exists: false,
        code: 'UNAUTHORIZED',
        message: `registry answered ${head.status} (check credentials)`,
      };
    }
    // HEAD has no body; a GET tells NAME_UNKNOWN (no repository) from MANIFEST_UNKNOWN (no tag).
    const get = await fetch(url, { headers: this.headers(), signal: AbortSignal.timeout(5000) });
    const body = (await get.json().catch(() => ({}))) as { errors?: { code?: string; message?: string }[] };
    const error = body.errors?.[0];
    return {
      exists: false,
      code: error?.code ?? (get.status === 404 ? 'MANIFEST_UNKNOWN' : `HTTP_${get.status}`),
      message: error?.message ?? `registry answered ${get.status}`,
    };
  }

  async listTags(repository: string): Promise<string[] | { code: string; message: string }> {
    const response = await fetch(`${this.base}/v2/${repository}/tags/list`, {
      headers: this.headers(),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await response.json().catch(() => ({}))) as {
      tags?: string[] | null;
      errors?: { code?: string; message?: string }[];
    };
    if (response.ok) return body.tags ?? [];
    return {
      code: body.errors?.[0]?.code ?? `HTTP_${response.status}`,
      message: body.errors?.[0]?.message ?? '',
    };
  }
}

function optional(key: string, value: string | null): Record<string, string> {
  return value ? { [key]: value } : {};
}

export interface ImageReference {
  host?: string;
  repository: string;
  /** Tag or digest; "latest" when the image names neither. */
  reference: string;
}

export function parseImage(image: string): ImageReference {
  let rest = image;
  let host: string | undefined;
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    host = first;
    rest = rest.slice(slash + 1);
  }
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  return host === undefined ? { repository: rest, reference } : { host, repository: rest, reference };
}

/** The tag (or digest) an image names, "latest" when none. */
export const imageTag = (image: string) => parseImage(image).reference;
