// The base images an application's Dockerfile starts FROM, made on this machine when they are the
// Node images Shipline can build with no pull (`ensureNodeBaseImage`: Node 24, its libraries,
// busybox and npm, `docker import`ed and tagged shipline/node:24, node:24, node:24-slim, node:24-alpine).
import fs from 'node:fs';
import { BASE_IMAGE, BASE_IMAGE_ALIASES, ensureNodeBaseImage } from '@shipline/docker';

/** The FROM images of a Dockerfile (stage names and `--platform` left out). */
export function fromImages(dockerfile: string): string[] {
  if (!fs.existsSync(dockerfile)) return [];
  const text = fs.readFileSync(dockerfile, 'utf8');
  const stages = new Set<string>();
  const images: string[] = [];
  for (const m of text.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/gim)) {
    if (!stages.has(m[1]!.toLowerCase())) images.push(m[1]!);
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return [...new Set(images)];
}

/**
 * Makes the Node base image when the Dockerfile names one of its tags; returns what was done, to
 * say in the output (undefined: the Dockerfile needs none of them, so nothing was made).
 */
export async function ensureBaseImages(dockerfile: string): Promise<string | undefined> {
  const wanted = fromImages(dockerfile).filter((i) => [BASE_IMAGE, ...BASE_IMAGE_ALIASES].includes(i));
  if (wanted.length === 0) return undefined;
  const base = await ensureNodeBaseImage();
  const missing = wanted.filter((i) => !base.tags.includes(i));
  return (
    `${wanted.join(', ')}: ${base.built ? 'built' : 'already built'} on this machine with no pull ` +
    `(Node ${base.nodeVersion || '24'}, its shared libraries, busybox and npm, docker import; tags ${base.tags.join(', ')})` +
    (missing.length > 0 ? `; ${missing.join(', ')} left to the image already holding that name` : '')
  );
}
