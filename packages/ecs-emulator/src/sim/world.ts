// The simulated world: state plus a discrete-event loop. Every task carries the simulated time of
// its next transition; advance() applies due transitions in time order (re-running the service
// scheduler at each one), so the outcome depends on simulated time only, not on when ticks land.
import { newEventId, type ArnContext } from '../arns.js';
import type { TimeSource } from '../clock.js';
import {
  emptyState,
  serviceKey,
  type Deployment,
  type EmulatorState,
  type Service,
  type ServiceDeploymentRecord,
  type Task,
  type TaskDefinition,
} from '../model.js';
import type { ScenarioTable } from '../scenarios.js';
import type { ImageAvailability } from './images.js';
import type { Timings } from './timings.js';

const MAX_EVENTS = 100;
const MAX_STOPPED_TASKS_PER_SERVICE = 100;
const MAX_STEPS_PER_ADVANCE = 200_000;

/**
 * What moves the world: a task's next transition (task-lifecycle's stepTask) and the scheduler's
 * pass over a service (scheduler's schedule) and a strategy's rollback. Handed in by whoever builds the world, since both
 * act on the world: the rules import the world, the world never imports the rules.
 */
export interface WorldRules {
  stepTask(world: World, task: Task, at: number): void;
  schedule(world: World, service: Service, at: number): void;
  /** Takes a service back from a failed deployment, as that deployment's strategy does it. */
  rollBack(
    world: World,
    service: Service,
    from: Deployment,
    record: ServiceDeploymentRecord,
    target: { taskDefinitionArn: string; serviceRevisionArn: string; deploymentId?: string },
    reason: string,
    at: number,
  ): void;
}

export interface WorldDeps {
  ctx: ArnContext;
  clock: TimeSource;
  timings: Timings;
  scenarios: () => ScenarioTable;
  images: ImageAvailability;
  rules: WorldRules;
}

export class World {
  state: EmulatorState = emptyState();
  /** Every task of a service (stopped ones pruned), keyed by serviceKey. */
  readonly tasksByService = new Map<string, Task[]>();
  private readonly active = new Set<Task>();
  /** Services the scheduler must look at, with the simulated time it was asked for. */
  private readonly dirty = new Set<Service>();
  /** Services that want the scheduler at a given time (e.g. relaunch backoff). */
  private readonly wakeups = new Map<Service, number>();
  private nextDue = -Infinity;

  constructor(readonly deps: WorldDeps) {}

  get ctx(): ArnContext {
    return this.deps.ctx;
  }

  get timings(): Timings {
    return this.deps.timings;
  }

  now(): number {
    return this.deps.clock.now();
  }

  reset(): void {
    this.state = emptyState();
    this.tasksByService.clear();
    this.active.clear();
    this.dirty.clear();
    this.wakeups.clear();
    this.nextDue = -Infinity;
  }

  /** Brings the world up to the current simulated time. */
  advance(): void {
    const now = this.now();
    if (this.dirty.size === 0 && this.nextDue > now) return;
    for (let steps = 0; steps < MAX_STEPS_PER_ADVANCE; steps++) {
      let due: Task | undefined;
      for (const task of this.active) {
        if (
          task.nextAt !== undefined &&
          task.nextAt <= now &&
          (due === undefined || task.nextAt < due.nextAt!)
        ) {
          due = task;
        }
      }
      let wake: Service | undefined;
      for (const [service, at] of this.wakeups) {
        if (at <= now && (wake === undefined || at < this.wakeups.get(wake)!)) wake = service;
      }
      if (wake !== undefined && (due === undefined || this.wakeups.get(wake)! <= due.nextAt!)) {
        const at = this.wakeups.get(wake)!;
        this.wakeups.delete(wake);
        this.dirty.add(wake);
        this.flush(at);
        continue;
      }
      if (due === undefined) break;
      // Tasks due at the same instant move together, so one scheduler pass sees them all (one event).
      const at = due.nextAt!;
      const batch = [...this.active].filter((task) => task.nextAt === at);
      for (const task of batch) {
        if (task.nextAt !== at) continue;
        this.deps.rules.stepTask(this, task, at);
        if (task.lastStatus === 'STOPPED') this.active.delete(task);
      }
      this.flush(at);
    }
    this.flush(now);
    this.recomputeNextDue();
  }

  private flush(at: number): void {
    while (this.dirty.size > 0) {
      const services = [...this.dirty];
      this.dirty.clear();
      for (const service of services) this.deps.rules.schedule(this, service, at);
    }
  }

  private recomputeNextDue(): void {
    let next = Infinity;
    for (const task of this.active) if (task.nextAt !== undefined && task.nextAt < next) next = task.nextAt;
    for (const at of this.wakeups.values()) if (at < next) next = at;
    this.nextDue = next;
  }

  /** Marks a service for the scheduler on the next advance (API changes, task transitions). */
  touch(service: Service | undefined): void {
    if (service) this.dirty.add(service);
    this.nextDue = -Infinity;
  }

  wakeAt(service: Service, at: number): void {
    const current = this.wakeups.get(service);
    if (current === undefined || at < current) this.wakeups.set(service, at);
    this.nextDue = -Infinity;
  }

  /** A waiting task (e.g. image lookup finished) becomes due now. */
  wake(task: Task): void {
    if (task.phase === 'awaiting-image') {
      task.nextAt = this.now();
      this.nextDue = -Infinity;
    }
  }

  /** Earliest simulated time something is due (for the real-time tick). */
  get nextDueAt(): number {
    return this.nextDue;
  }

  addTask(task: Task, service?: Service): void {
    this.state.tasks.set(task.arn, task);
    this.active.add(task);
    if (!service) return;
    const key = serviceKey(service.clusterName, service.name);
    const list = this.tasksByService.get(key) ?? [];
    list.push(task);
    this.tasksByService.set(key, list);
    this.pruneStopped(key, list);
    this.nextDue = -Infinity;
  }

  private pruneStopped(key: string, list: Task[]): void {
    let stopped = list.filter((task) => task.lastStatus === 'STOPPED').length;
    if (stopped <= MAX_STOPPED_TASKS_PER_SERVICE) return;
    const kept = list.filter((task) => {
      if (task.lastStatus !== 'STOPPED' || stopped <= MAX_STOPPED_TASKS_PER_SERVICE) return true;
      stopped--;
      this.state.tasks.delete(task.arn);
      return false;
    });
    this.tasksByService.set(key, kept);
  }

  serviceTasks(service: Service): Task[] {
    return this.tasksByService.get(serviceKey(service.clusterName, service.name)) ?? [];
  }

  serviceOf(task: Task): Service | undefined {
    return task.serviceName === undefined
      ? undefined
      : this.state.services.get(serviceKey(task.clusterName, task.serviceName));
  }

  activeTasks(): Iterable<Task> {
    return this.active;
  }

  taskDefinition(arn: string): TaskDefinition | undefined {
    const match = /:task-definition\/([^:]+):(\d+)$/.exec(arn);
    if (!match) return undefined;
    return this.state.taskDefinitions.get(match[1]!)?.[Number(match[2]) - 1];
  }

  addEvent(service: Service, message: string, at: number): void {
    service.events.unshift({
      id: newEventId(),
      createdAt: at,
      message: `(service ${service.name}) ${message}`,
    });
    if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS;
  }

  scenarios(): ScenarioTable {
    return this.deps.scenarios();
  }
}
