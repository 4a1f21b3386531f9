// Which kind of registry an image lives on, and what an ECR host tells about account and region.
import type { ImageName } from './image-ref.js';

export const REGISTRY_TYPES = ['ecr', 'generic', 'none'] as const;
/** ecr: log in through GetAuthorizationToken; generic: username/password (or none); none: no login. */
export type RegistryType = (typeof REGISTRY_TYPES)[number];

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

export interface EcrHost {
  accountId: string;
  region: string;
}

/** `123456789012.dkr.ecr.eu-west-1.amazonaws.com` → account and region; undefined for other hosts. */
export function parseEcrHost(host: string): EcrHost | undefined {
  const match = ECR_HOST.exec(host.toLowerCase());
  return match ? { accountId: match[1] as string, region: match[2] as string } : undefined;
}

/** ECR for private ECR hosts, generic for everything else (Docker Hub, GHCR, ECR Public, local). */
export function inferRegistryType(image: ImageName): Exclude<RegistryType, 'none'> {
  return parseEcrHost(image.host) ? 'ecr' : 'generic';
}
