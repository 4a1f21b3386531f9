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
export function dockerHealthcheck(healthCheck: Json | undefined, scale: number): Json | undefined {
  const test = strings(healthCheck?.command);
  if (!healthCheck || !test) return undefined;
  const value = (key: keyof typeof HEALTH_DEFAULTS) =>
    typeof healthCheck[key] === 'number' ? (healthCheck[key] as number) : HEALTH_DEFAULTS[key];
  return {
    Test: test,
    Interval: Math.round(realSeconds(value('interval'), scale) * NS),
    Timeout: value('timeout') * NS,
    Retries: value('retries'),
    StartPeriod: value('startPeriod') > 0 ? Math.round(realSeconds(value('startPeriod'), scale) * NS) : 0,
  };
}

export function createSpec(input: CreateSpecInput): Json {
  const { container } = input;
  const environment = (container.environment as Json[] | undefined) ?? [];
  const ports = containerPorts(container);
  const healthcheck = dockerHealthcheck(container.healthCheck as Json | undefined, input.scale);
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
