// What `docker create` gets for a task's essential container: the task definition's image (as
// pulled), environment, command, entry point, port mappings (published on 127.0.0.1 at a free
// port) and health check, whose intervals are mapped from simulated to real time (see README).
import os from 'node:os';
import type { Json } from '../model.js';

export const EMULATOR_LABEL = 'org.shipline.ecs-emulator';
export const TASK_LABEL = 'org.shipline.ecs-emulator.task-arn';
/** The emulator process and host that started it (orphans.ts removes those of a dead process). */
export const OWNER_PID_LABEL = 'org.shipline.ecs-emulator.pid';
export const OWNER_HOST_LABEL = 'org.shipline.ecs-emulator.host';

/** ECS container health check defaults (AWS: HealthCheck in the ECS API reference). */
const HEALTH_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 };
const NS = 1_000_000_000;

/**
 * Real seconds for a span ECS counts in its (simulated) seconds: intervals and grace periods run
 * `scale` times faster, as the rest of the emulator does, but never below one second, so a loaded
 * machine does not turn a slow answer into a failed check.
 */
/**
 * Real seconds after a container starts during which its failed health checks (Docker's and the
 * load balancer's) do not count, while a pass counts at once: an app's start takes real time on
 * this machine however fast the clock runs, so a loaded machine must not turn it into a failure.
 */
export const STARTUP_SECONDS = 10;

export function realSeconds(simulated: number, scale: number): number {
  return Math.max(1, simulated / scale);
}

export interface CreateSpecInput {
  container: Json;
  image: string;
  taskArn: string;
  emulatorId: string;
  name: string;
  scale: number;
  /** Real seconds after the start during which failed checks do not count (STARTUP_SECONDS). */
  startupSeconds: number;
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.length > 0 ? value.map(String) : undefined;

export function containerPorts(container: Json): number[] {
  const mappings = (container.portMappings as Json[] | undefined) ?? [];
  return mappings
    .filter((mapping) => (mapping.protocol ?? 'tcp') === 'tcp' && typeof mapping.containerPort === 'number')
    .map((mapping) => mapping.containerPort as number);
}

/** Docker's health check from ECS's: the same CMD / CMD-SHELL form; timeouts stay real seconds. */
export function dockerHealthcheck(
  healthCheck: Json | undefined,
  scale: number,
  startupSeconds = 0,
): Json | undefined {
  const test = strings(healthCheck?.command);
  if (!healthCheck || !test) return undefined;
  const value = (key: keyof typeof HEALTH_DEFAULTS) =>
    typeof healthCheck[key] === 'number' ? (healthCheck[key] as number) : HEALTH_DEFAULTS[key];
  return {
    Test: test,
    Interval: Math.round(realSeconds(value('interval'), scale) * NS),
    Timeout: value('timeout') * NS,
    Retries: value('retries'),
    // Docker's start period is ECS's: failures in it do not count, a pass counts at once.
    StartPeriod: Math.round(
      Math.max(value('startPeriod') > 0 ? realSeconds(value('startPeriod'), scale) : 0, startupSeconds) * NS,
    ),
  };
}

export function createSpec(input: CreateSpecInput): Json {
  const { container } = input;
  const environment = (container.environment as Json[] | undefined) ?? [];
  const ports = containerPorts(container);
  const healthcheck = dockerHealthcheck(
    container.healthCheck as Json | undefined,
    input.scale,
    input.startupSeconds,
  );
  const command = strings(container.command);
  const entryPoint = strings(container.entryPoint);
  return {
    Image: input.image,
    Env: environment.map((entry) => `${String(entry.name)}=${String(entry.value ?? '')}`),
    ...(command ? { Cmd: command } : {}),
    ...(entryPoint ? { Entrypoint: entryPoint } : {}),
    ...(typeof container.workingDirectory === 'string' ? { WorkingDir: container.workingDirectory } : {}),
    ...(typeof container.user === 'string' ? { User: container.user } : {}),
    ...(healthcheck ? { Healthcheck: healthcheck } : {}),
    ExposedPorts: Object.fromEntries(ports.map((port) => [`${port}/tcp`, {}])),
    Labels: {
      [EMULATOR_LABEL]: input.emulatorId,
      [TASK_LABEL]: input.taskArn,
      [OWNER_PID_LABEL]: String(process.pid),
      [OWNER_HOST_LABEL]: os.hostname(),
    },
    HostConfig: {
      PortBindings: Object.fromEntries(
        ports.map((port) => [`${port}/tcp`, [{ HostIp: '127.0.0.1', HostPort: '' }]]),
      ),
    },
  };
}
