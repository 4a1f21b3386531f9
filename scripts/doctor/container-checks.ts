// One container of a task definition against itself and the Dockerfile: the mapped port, PORT,
// the health check's port and path, the Dockerfile's EXPOSE and HEALTHCHECK (which ECS ignores),
// and a health-check tool the base image does not carry.
import { urlTarget, type DockerfileFacts } from './dockerfile.js';
import { finding, type Finding } from './findings.js';

/** A task-definition file a deploy names, the container deploy-ecs fills in, and its Dockerfile. */
export interface Target {
  file: string;
  container: string;
  dockerfile: string;
}

export type Container = {
  name?: string;
  portMappings?: { containerPort?: number }[];
  environment?: { name?: string; value?: string }[];
  healthCheck?: { command?: string[] };
};

export function containerFindings(
  t: Target,
  container: Container,
  docker: DockerfileFacts | undefined,
  image: string,
): Finding[] {
  const out: Finding[] = [];
  const ports = (container.portMappings ?? [])
    .map((p) => p.containerPort)
    .filter((p): p is number => typeof p === 'number');
  const port = ports[0];
  const env = new Map((container.environment ?? []).map((e) => [e.name, e.value]));
  if (port !== undefined && env.has('PORT') && env.get('PORT') !== String(port))
    out.push(
      finding(
        'error',
        t.file,
        `container ${t.container} maps port ${port} but sets PORT=${env.get('PORT')}`,
        `make them one port (PORT=${port})`,
      ),
    );
  const health = (container.healthCheck?.command ?? []).join(' ');
  const target = urlTarget(health);
  if (health === '')
    out.push(
      finding(
        'warning',
        t.file,
        `container ${t.container} has no healthCheck: ECS does not run the Dockerfile's HEALTHCHECK, so a task that never serves counts as healthy`,
        'add a healthCheck (the skeleton install-pipeline writes has one)',
      ),
    );
  else if (port !== undefined && target.port !== undefined && target.port !== port)
    out.push(
      finding(
        'error',
        t.file,
        `the health check calls port ${target.port} but container ${t.container} listens on ${port}`,
        `check http://127.0.0.1:${port}${target.path ?? '/health'}`,
      ),
    );
  if (/\bcurl\b/.test(health) && /slim|distroless|alpine/.test(image))
    out.push(
      finding(
        'warning',
        t.file,
        `the health check runs curl, which ${image} images do not carry: every check would fail`,
        'use node -e "fetch(...)" or wget where the image has it',
      ),
    );
  if (!docker) return out;
  if (port !== undefined && docker.exposed.length > 0 && !docker.exposed.includes(port))
    out.push(
      finding(
        'error',
        t.dockerfile,
        `EXPOSE ${docker.exposed.join(' ')} but the task definition's container ${t.container} listens on ${port} (${t.file})`,
        `EXPOSE ${port}, or change containerPort, PORT and the health check together`,
      ),
    );
  const dockerHealth = docker.healthCheck;
  if (
    dockerHealth &&
    target.path !== undefined &&
    dockerHealth.path !== undefined &&
    dockerHealth.path !== target.path
  )
    out.push(
      finding(
        'warning',
        t.dockerfile,
        `HEALTHCHECK checks ${dockerHealth.path} but the task definition checks ${target.path} (${t.file}); ECS runs only the task definition's`,
        'check one path in both',
      ),
    );
  if (dockerHealth?.port !== undefined && port !== undefined && dockerHealth.port !== port)
    out.push(
      finding(
        'error',
        t.dockerfile,
        `HEALTHCHECK calls port ${dockerHealth.port} but the container listens on ${port}`,
        `use port ${port}`,
      ),
    );
  return out;
}
