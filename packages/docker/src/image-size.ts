// The size of a pushed image as the registry stores it: config plus (compressed) layers, summed over
// the platforms of an index. Attestation manifests (platform unknown/unknown) are not images.
import type { Manifest, RegistryClient } from './registry-client.js';

interface Descriptor {
  digest?: string;
  size?: number;
  mediaType?: string;
  platform?: { os?: string; architecture?: string };
}

interface ManifestJson {
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

export interface ImageSize {
  bytes: number;
  platforms: number;
}

const parse = (manifest: Manifest): ManifestJson =>
  JSON.parse(manifest.body.toString('utf8')) as ManifestJson;
const sizeOf = (json: ManifestJson) =>
  (json.config?.size ?? 0) + (json.layers ?? []).reduce((sum, layer) => sum + (layer.size ?? 0), 0);

/** Sums the image's blobs; undefined when the manifest cannot be read (size is informational). */
export async function imageSize(
  client: RegistryClient,
  repository: string,
  digest: string,
  maxPlatforms = 16,
): Promise<ImageSize | undefined> {
  try {
    const top = parse(await client.getManifest(repository, digest));
    if (!top.manifests) return { bytes: sizeOf(top), platforms: 1 };
    const images = top.manifests
      .filter((m) => m.digest && m.platform?.os !== 'unknown')
      .slice(0, maxPlatforms);
    let bytes = 0;
    for (const child of images) {
      bytes += sizeOf(parse(await client.getManifest(repository, child.digest as string)));
    }
    return { bytes, platforms: images.length };
  } catch {
    return undefined;
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
