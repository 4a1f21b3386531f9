// The `runContainers` option: connects to the Docker daemon when there is one, or says why tasks
// stay simulated (or refuses to start, when asked to require the daemon).
import type { RegistryConfig } from '../registry.js';
import { ContainerRuntime } from './container-runtime.js';
import { STARTUP_SECONDS } from './container-spec.js';
import { DockerEngine } from './docker-engine.js';
import { removeOrphans } from './orphans.js';
import type { TargetHealthCheck } from './target-health.js';

export interface RunContainersOptions {
  /** No reachable daemon: 'simulate' (default) keeps tasks simulated and says so; 'fail' rejects startEmulator. */
  withoutDaemon?: 'simulate' | 'fail';
  /** The load balancer's target health check for every service (ALB defaults otherwise). */
  targetHealthCheck?: TargetHealthCheck;
  /** Per target group ARN, over targetHealthCheck. */
  targetGroups?: Record<string, TargetHealthCheck>;
  /**
   * Real seconds after a container starts during which failed health checks (the container's and
   * the load balancer's) do not count; a pass counts at once. Default 10 (STARTUP_SECONDS).
   */
  startupSeconds?: number;
  /** Docker Engine socket; default DOCKER_HOST (unix://) or /var/run/docker.sock. */
  dockerSocket?: string;
}

export interface ContainersStatus {
  mode: 'containers' | 'simulated';
  /** One line for a person: where tasks run, or why they are simulated. */
  reason: string;
}

const PING_TIMEOUT_MS = 10_000;

export async function connectContainers(
  option: boolean | RunContainersOptions | undefined,
  settings: { scale: number; registry?: RegistryConfig },
  onChange: (taskArn: string) => void,
): Promise<{ runtime?: ContainerRuntime; status: ContainersStatus }> {
  if (!option)
    return { status: { mode: 'simulated', reason: 'tasks are simulated (run containers is off)' } };
  const options: RunContainersOptions = option === true ? {} : option;
  const found = options.dockerSocket
    ? { socket: options.dockerSocket }
    : DockerEngine.socketFrom(process.env);
  let problem = 'error' in found ? found.error : undefined;
  let engine: DockerEngine | undefined;
  if ('socket' in found) {
    engine = new DockerEngine(found.socket);
    try {
      await Promise.race([
        engine.ping(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('no answer in 10 s')), PING_TIMEOUT_MS).unref(),
        ),
      ]);
    } catch (error) {
      problem = `no Docker daemon at ${found.socket} (${(error as Error).message})`;
    }
  }
  if (problem || !engine) {
    if (options.withoutDaemon === 'fail') throw new Error(`run containers: ${problem}`);
    return { status: { mode: 'simulated', reason: `tasks are simulated: ${problem}` } };
  }
  const runtime = new ContainerRuntime(
    engine,
    {
      scale: settings.scale,
      startupSeconds: options.startupSeconds ?? STARTUP_SECONDS,
      ...(settings.registry ? { registry: settings.registry } : {}),
      ...(options.targetHealthCheck ? { targetHealthCheck: options.targetHealthCheck } : {}),
      ...(options.targetGroups ? { targetGroups: options.targetGroups } : {}),
    },
    onChange,
  );
  await runtime.listen();
  const orphans = await removeOrphans(engine);
  return {
    runtime,
    status: {
      mode: 'containers',
      reason:
        `service tasks run as containers on the Docker daemon at ${engine.socketPath}` +
        (orphans > 0 ? ` (removed ${orphans} left by an emulator that did not close)` : ''),
    },
  };
}
