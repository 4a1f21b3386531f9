// Stands in for a service's load balancer: /_lb/<cluster>/<service>/<any path> answers as one of
// the service's in-service tasks would, round-robin. Tasks are in service from their first passed
// health check until ECS starts stopping them; an UNHEALTHY one (scenario unhealthy-after) answers
// 503 until ECS replaces it. No task in service → 503, as an ALB with no healthy targets.
// During a BLUE_GREEN/LINEAR/CANARY deployment the production listener splits requests between blue
// and green by the stage's weight (deterministically: n requests give green round(n × weight %));
// /_lb-test/ is the test listener (loadBalancers[].advancedConfiguration.testListenerRule): green
// once test traffic has shifted, else the production revision.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TargetProxy } from './containers/lb-proxy.js';
import { sendJson, sleep } from './http-util.js';
import { serviceKey, type Json, type Service, type Task } from './model.js';
import { seededRandom } from './random.js';
import { imageTag } from './registry.js';
import { mainContainer } from './sim/task-lifecycle.js';
import { trafficSplit } from './sim/traffic.js';
import type { World } from './sim/world.js';

export const LB_PREFIX = '/_lb/';
export const LB_TEST_PREFIX = '/_lb-test/';

const inService = (task: Task) =>
  task.desiredStatus === 'RUNNING' && task.lastStatus === 'RUNNING' && task.healthStatus !== 'UNKNOWN';

export function taskVersion(world: World, task: Task): string {
  if (task.behaviour.version !== undefined) return task.behaviour.version;
  const definition = world.taskDefinition(task.taskDefinitionArn);
  const environment =
    (definition && (mainContainer(definition.body)?.environment as Json[] | undefined)) ?? [];
  const fromEnv = environment.find((entry) => entry.name === 'APP_VERSION')?.value;
  return typeof fromEnv === 'string' ? fromEnv : imageTag(task.image);
}

export class LoadBalancer {
  private readonly turns = new Map<string, number>();
  /** Production requests per service during a traffic split, for the weighted choice. */
  private readonly splitTurns = new Map<string, number>();
  private random = seededRandom(7);

  constructor(
    private readonly world: () => World,
    /** Real containers: in-service answers come from the task's container (containers/lb-proxy.ts). */
    readonly proxy?: TargetProxy,
  ) {}

  reset(): void {
    this.turns.clear();
    this.splitTurns.clear();
    this.random = seededRandom(7);
  }

  async handle(path: string, res: ServerResponse, req?: IncomingMessage): Promise<void> {
    const test = path.startsWith(LB_TEST_PREFIX);
    const prefix = test ? LB_TEST_PREFIX : LB_PREFIX;
    const [cluster = '', service = '', ...rest] = path.slice(prefix.length).split('/');
    const world = this.world();
    world.advance();
    const key = serviceKey(decodeURIComponent(cluster), decodeURIComponent(service));
    const found = world.state.services.get(key);
    if (!found) {
      return sendJson(res, 404, {
        message: `No load balancer for service ${key}: the service does not exist.`,
      });
    }
    const hasTestListener = found.loadBalancers.some(
      (lb) => typeof (lb.advancedConfiguration as Json | undefined)?.testListenerRule === 'string',
    );
    if (test && !hasTestListener) {
      return sendJson(res, 404, {
        message: `No test listener for service ${key}: its loadBalancers have no advancedConfiguration.testListenerRule.`,
      });
    }
    const deploymentId = this.listenerTarget(world, key, found, test);
    const targets = world
      .serviceTasks(found)
      .filter(
        (task) => inService(task) && (deploymentId === undefined || task.deploymentId === deploymentId),
      );
    if (targets.length === 0) {
      return sendJson(res, 503, { message: '503 Service Temporarily Unavailable: no healthy targets' });
    }
    const turnKey = `${key}${test ? ' test' : ''}`;
    const turn = this.turns.get(turnKey) ?? 0;
    this.turns.set(turnKey, turn + 1);
    const task = targets[turn % targets.length]!;
    if (task.behaviour.latencyMs > 0) await sleep(task.behaviour.latencyMs);
    const version = taskVersion(world, task);
    const unhealthy = task.healthStatus === 'UNHEALTHY';
    const failed = !unhealthy && task.behaviour.errorRate > 0 && this.random() < task.behaviour.errorRate;
    const status = unhealthy ? 503 : failed ? 500 : 200;
    const headers = { 'x-app-version': version, 'x-task-arn': task.arn };
    if (status === 200 && req && this.proxy?.(task, req, res, `/${rest.join('/')}`, headers)) return;
    sendJson(
      res,
      status,
      {
        version,
        taskArn: task.arn,
        taskDefinition: task.taskDefinitionArn,
        status: unhealthy ? 'unhealthy' : failed ? 'error' : 'ok',
        path: `/${rest.join('/')}`,
      },
      headers,
    );
  }

  /** The deployment a request goes to (undefined: any task in service). */
  private listenerTarget(world: World, key: string, service: Service, test: boolean): string | undefined {
    const split = trafficSplit(world, service);
    if (!split?.blue) return test ? service.deployments[0]?.id : undefined;
    if (test) return split.test > 0 ? split.green.id : split.blue.id;
    const n = this.splitTurns.get(key) ?? 0;
    this.splitTurns.set(key, n + 1);
    const tenths = Math.round(split.production * 10);
    const toGreen = Math.floor(((n + 1) * tenths) / 1000) > Math.floor((n * tenths) / 1000);
    return toGreen ? split.green.id : split.blue.id;
  }
}
