// Which image a task's container runs: one on the emulator's registry (or an ECR name, which the
// emulator maps to that registry) is pulled from it with its credentials, as ECS pulls from ECR;
// any other must already be in the local daemon. Nothing is pulled from a public registry.
import { parseImage, type RegistryConfig } from '../registry.js';
import { ECR_HOST } from '../sim/images.js';
import type { DockerEngine } from './docker-engine.js';

/** Why a container could not start, in ECS's words (its stoppedReason). */
export class StartFailure extends Error {}

const cannotPull = (image: string, detail: string) =>
  `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${detail}`;

export async function resolveImage(
  engine: DockerEngine,
  image: string,
  registry: RegistryConfig | undefined,
): Promise<string> {
  const ref = parseImage(image);
  const registryHost = registry ? new URL(registry.url).host : undefined;
  if (registryHost && ref.host && (ref.host === registryHost || ECR_HOST.test(ref.host))) {
    const separator = ref.reference.startsWith('sha256:') ? '@' : ':';
    const local = `${registryHost}/${ref.repository}${separator}${ref.reference}`;
    const auth =
      registry?.username === undefined
        ? undefined
        : { username: registry.username, password: registry.password ?? '', serveraddress: registryHost };
    try {
      await engine.pull(local, auth);
    } catch (error) {
      throw new StartFailure(cannotPull(image, (error as Error).message), { cause: error });
    }
    return local;
  }
  if (await engine.hasImage(image)) return image;
  throw new StartFailure(
    cannotPull(
      image,
      'not found (not on the emulator registry and not in the local docker daemon; nothing is pulled from a public registry)',
    ),
  );
}
