// Puts a tiny image into a registry over its HTTP API (blob uploads + manifest PUT), without a
// docker daemon: what a push leaves behind, for tests of the registry side.
import { createHash, randomUUID } from 'node:crypto';
import type { TestRegistry } from './registry.js';

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function authHeader(registry: TestRegistry): string {
  return `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`;
}

async function uploadBlob(registry: TestRegistry, repository: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const headers = { authorization: authHeader(registry) };
  const start = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status}`);
  const location = new URL(start.headers.get('location') as string, registry.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status}`);
  return digest;
}

export async function putManifest(
  registry: TestRegistry,
  repository: string,
  reference: string,
  body: Buffer,
  mediaType: string,
): Promise<string> {
  const response = await fetch(`${registry.url}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { authorization: authHeader(registry), 'content-type': mediaType },
    body: new Uint8Array(body),
  });
  if (response.status !== 201)
    throw new Error(`manifest put: HTTP ${response.status} ${await response.text()}`);
  return sha256(body);
}

export interface UploadedImage {
  digest: string;
  /** config + layer bytes, what the registry stores for the image. */
  bytes: number;
}

/** One OCI image (a config and one layer of `layerBytes` random bytes) under each tag. */
export async function uploadImage(
  registry: TestRegistry,
  repository: string,
  tags: string[],
  layerBytes = 1024,
): Promise<UploadedImage> {
  const layer = Buffer.alloc(layerBytes, randomUUID());
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [sha256(layer)] },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: await uploadBlob(registry, repository, config),
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar',
          digest: await uploadBlob(registry, repository, layer),
          size: layer.length,
        },
      ],
    }),
  );
  let digest = '';
  for (const tag of tags) {
    digest = await putManifest(
      registry,
      repository,
      tag,
      manifest,
      'application/vnd.oci.image.manifest.v1+json',
    );
  }
  return { digest, bytes: config.length + layer.length };
}

/** An OCI index over images already uploaded, plus an attestation-like unknown/unknown entry. */
export async function uploadIndex(
  registry: TestRegistry,
  repository: string,
  tag: string,
  platforms: { digest: string; architecture: string }[],
): Promise<string> {
  const manifests = platforms.map((p) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: p.digest,
    size: 1,
    platform: { os: 'linux', architecture: p.architecture },
  }));
  const attestation = { ...manifests[0], platform: { os: 'unknown', architecture: 'unknown' } };
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [...manifests, attestation],
    }),
  );
  return putManifest(registry, repository, tag, index, 'application/vnd.oci.image.index.v1+json');
}
