// Real containers for a service's tasks: starts a task's essential container on the Docker daemon,
// keeps what the daemon says of it (running, exited with a code, health) current from its event
// stream, checks it as the load balancer's target, and removes it when the task stops. Every
// container carries this emulator's label, so close() leaves none behind.
import { randomUUID } from 'node:crypto';
import type { Json } from '../model.js';
import type { RegistryConfig } from '../registry.js';
import { resolveImage, StartFailure } from './container-images.js';
import { createSpec, EMULATOR_LABEL, realSeconds, TASK_LABEL } from './container-spec.js';
import type { DockerEngine, EngineEvent } from './docker-engine.js';
import { EventWatch } from './event-watch.js';
import { TargetHealth, type TargetHealthCheck, resolveTargetHealthCheck } from './target-health.js';

export interface ContainerRecord {
  taskArn: string;
  containerId?: string;
  state: 'starting' | 'running' | 'exited' | 'failed';
  exitCode?: number;
  /** Why it could not start (ECS's stoppedReason). */
  failure?: string;
  /** Docker's health status; undefined when the task definition has no health check. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  /** The load balancer's view of it; undefined when the service has no load balancer. */
  target?: TargetHealth;
  /** Host port (on 127.0.0.1) of the container port the load balancer sends to. */
  hostPort?: number;
  removed?: boolean;
}

export interface LoadBalancerTarget {
  containerPort?: number;
  targetGroupArn?: string;
  /** False: no load balancer on the service; the endpoint still proxies to containerPort, unchecked. */
  checked: boolean;
}

export interface RuntimeSettings {
  scale: number;
  startupSeconds: number;
  registry?: RegistryConfig;
  targetHealthCheck?: TargetHealthCheck;
  targetGroups?: Record<string, TargetHealthCheck>;
}

interface Inspected {
  State: { Status: string; ExitCode: number; Health?: { Status: string } };
  NetworkSettings: { Ports?: Record<string, { HostPort: string }[] | null> };
}

export class ContainerRuntime {
  readonly emulatorId = randomUUID();
  private readonly records = new Map<string, ContainerRecord>();
  private readonly pending = new Set<Promise<unknown>>();
  private events: EventWatch | undefined;

  constructor(
    readonly engine: DockerEngine,
    private readonly settings: RuntimeSettings,
    private readonly onChange: (taskArn: string) => void,
  ) {}

  async listen(): Promise<void> {
    this.events = new EventWatch(
      this.engine,
      { label: [`${EMULATOR_LABEL}=${this.emulatorId}`], type: ['container'] },
      (event: EngineEvent) => {
        const record = this.records.get(event.Actor?.Attributes?.[TASK_LABEL] ?? '');
        if (record?.containerId && (event.Action === 'die' || event.Action?.startsWith('health_status')))
          this.track(this.refresh(record));
      },
      () => {
        for (const record of this.records.values())
          if (record.containerId && !record.removed) this.track(this.refresh(record));
      },
    );
    await this.events.start();
  }

  record(taskArn: string): ContainerRecord | undefined {
    return this.records.get(taskArn);
  }

  private track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  start(
    task: { arn: string; id: string; image: string },
    container: Json,
    target?: LoadBalancerTarget,
  ): void {
    const record: ContainerRecord = { taskArn: task.arn, state: 'starting' };
    this.records.set(task.arn, record);
    this.track(
      this.run(record, task, container, target).catch((error: unknown) => {
        record.state = 'failed';
        record.failure =
          error instanceof StartFailure
            ? error.message
            : `CannotStartContainerError: ${(error as Error).message}`;
        this.onChange(record.taskArn);
      }),
    );
  }

  private async run(
    record: ContainerRecord,
    task: { arn: string; id: string; image: string },
    container: Json,
    target: LoadBalancerTarget | undefined,
  ): Promise<void> {
    const image = await resolveImage(this.engine, task.image, this.settings.registry);
    if (record.removed) return;
    const name = `shipline-${String(container.name ?? 'app')}-${task.id}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
    const spec = createSpec({
      container,
      image,
      taskArn: task.arn,
      emulatorId: this.emulatorId,
      name,
      scale: this.settings.scale,
      startupSeconds: this.settings.startupSeconds,
    });
    const created = await this.engine.json<{ Id: string }>('POST', `/containers/create?name=${name}`, spec);
    record.containerId = created.Id;
    if (record.removed) return this.destroy(created.Id);
    await this.engine.json('POST', `/containers/${created.Id}/start`);
    const inspected = await this.refresh(record, false);
    const port = target?.containerPort;
    const hostPort =
      port === undefined ? undefined : inspected.NetworkSettings.Ports?.[`${port}/tcp`]?.[0]?.HostPort;
    if (hostPort) record.hostPort = Number(hostPort);
    if (target?.checked && record.hostPort !== undefined && record.state === 'running' && !record.removed) {
      const check =
        this.settings.targetGroups?.[target.targetGroupArn ?? ''] ?? this.settings.targetHealthCheck;
      record.target = new TargetHealth(record.hostPort, resolveTargetHealthCheck(check), this.settings, () =>
        this.onChange(record.taskArn),
      );
    }
    this.onChange(record.taskArn);
  }

  /** Reads the container's state from the daemon (the truth; events only say when to look). */
  private async refresh(record: ContainerRecord, notify = true): Promise<Inspected> {
    const inspected = await this.engine.json<Inspected>('GET', `/containers/${record.containerId}/json`);
    const { Status, ExitCode, Health } = inspected.State;
    if (Status === 'running' && record.state === 'starting') record.state = 'running';
    if ((Status === 'exited' || Status === 'dead') && record.state !== 'failed') {
      record.state = 'exited';
      record.exitCode = ExitCode;
      record.target?.stop();
    }
    const health = Health?.Status;
    if (health === 'starting' || health === 'healthy' || health === 'unhealthy') record.health = health;
    if (notify) this.onChange(record.taskArn);
    return inspected;
  }

  /** SIGTERM, then SIGKILL after the container's stop timeout (ECS default 30 s, clock-scaled). */
  stop(taskArn: string, stopTimeout = 30): void {
    const record = this.records.get(taskArn);
    if (!record?.containerId || record.state !== 'running') return;
    record.target?.stop();
    const seconds = Math.ceil(realSeconds(stopTimeout, this.settings.scale));
    this.track(this.engine.call('POST', `/containers/${record.containerId}/stop?t=${seconds}`));
  }

  remove(taskArn: string): void {
    const record = this.records.get(taskArn);
    if (!record || record.removed) return;
    record.removed = true;
    record.target?.stop();
    if (record.containerId) this.track(this.destroy(record.containerId));
  }

  private async destroy(id: string): Promise<void> {
    await this.engine.call('DELETE', `/containers/${id}?force=true&v=true`);
  }

  /** Removes every container of this emulator (world reset). */
  reset(): void {
    for (const taskArn of this.records.keys()) this.remove(taskArn);
    this.records.clear();
  }

  /** Ends the event stream and removes every container this emulator started, waiting for it. */
  async close(): Promise<void> {
    this.reset();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    this.events?.stop();
    const filters = encodeURIComponent(JSON.stringify({ label: [`${EMULATOR_LABEL}=${this.emulatorId}`] }));
    const left = await this.engine.json<{ Id: string }[]>(
      'GET',
      `/containers/json?all=true&filters=${filters}`,
    );
    await Promise.all(left.map((container) => this.destroy(container.Id)));
  }
}
