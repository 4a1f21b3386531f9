// GET /_emulator/state: everything the emulator holds, in ECS's wire shapes where one exists.
import type { FaultSet } from './faults.js';
import type { ScenarioEntry } from './scenarios.js';
import {
  clusterShape,
  serviceDeploymentShape,
  serviceShape,
  taskDefinitionShape,
  taskShape,
} from './serialize.js';
import type { World } from './sim/world.js';

export interface SnapshotInput {
  world: World;
  url: string;
  clockScale: number;
  registryUrl?: string;
  scenarios: ScenarioEntry[];
  faults: FaultSet;
  requestCounts: Map<string, number>;
  loadBalancerUrl: (cluster: string, service: string) => string;
}

export function snapshot(input: SnapshotInput): Record<string, unknown> {
  const { world } = input;
  world.advance();
  const state = world.state;
  return {
    url: input.url,
    now: new Date(world.now()).toISOString(),
    clockScale: input.clockScale,
    region: world.ctx.region,
    accountId: world.ctx.accountId,
    registry: input.registryUrl ?? null,
    timings: world.timings,
    scenarios: input.scenarios,
    faults: input.faults.describe(),
    requestCounts: Object.fromEntries(input.requestCounts),
    clusters: [...state.clusters.values()].map((cluster) => clusterShape(world, cluster, true)),
    services: [...state.services.values()].map((service) => ({
      ...serviceShape(world, service, true),
      loadBalancerUrl: input.loadBalancerUrl(service.clusterName, service.name),
    })),
    serviceDeployments: [...state.serviceDeployments.values()].map((record) =>
      serviceDeploymentShape(world, record),
    ),
    tasks: [...state.tasks.values()].map((task) => ({
      ...taskShape(world, task, true),
      image: task.image,
      scenario: task.behaviour.matchedRule ?? null,
    })),
    taskDefinitions: [...state.taskDefinitions.values()].flat().map(taskDefinitionShape),
    /** CloudWatch alarms (emulated for deployment alarms). */
    alarms: [...state.alarms.values()],
  };
}
