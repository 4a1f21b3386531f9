// startEmulator: one HTTP server on loopback that answers the ECS and ECR APIs, the control
// endpoints and the stand-in load balancer, over a simulated world ticking in the background.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAwsRequest, type AuthorizationInput } from './aws-api.js';
import { SimClock, type TimeSource } from './clock.js';
import { CONTROL_PREFIX, handleControl } from './control.js';
import { containerStepRule, onContainerChange } from './containers/container-lifecycle.js';
import { containerProxy } from './containers/lb-proxy.js';
import {
  connectContainers,
  type ContainersStatus,
  type RunContainersOptions,
} from './containers/run-containers.js';
import { FaultSet, validateFaults, type FaultSpec } from './faults.js';
import { serviceTruth, type ServiceTruth } from './ground-truth.js';
import { BodyTooLargeError, readBody, sendJson } from './http-util.js';
import { checkRequest, type IamCheckOptions } from './iam-check.js';
import { LB_PREFIX, LB_TEST_PREFIX, LoadBalancer } from './load-balancer.js';
import { findTaskDefinition } from './ops/context.js';
import { RegistryClient, type RegistryConfig } from './registry.js';
import { parseScenarioText, ScenarioTable, validateScenarios, type ScenarioEntry } from './scenarios.js';
import { snapshot } from './snapshot.js';
import { ImageAvailability } from './sim/images.js';
import { rollBack, schedule } from './sim/scheduler.js';
import { stepAnyTask } from './sim/one-off-tasks.js';
import { resolveTimings, type Timings } from './sim/timings.js';
import { World } from './sim/world.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Simulated seconds per real second. Default 1. */
  clockScale?: number;
  /** Simulated time from elsewhere (e.g. a test that moves it itself); clockScale is then unused. */
  clock?: TimeSource;
  scenarios?: ScenarioEntry[];
  /** A YAML/JSON scenario file, used when `scenarios` is not given. */
  scenarioFile?: string;
  registry?: RegistryConfig;
  region?: string;
  accountId?: string;
  timings?: Partial<Timings>;
  faults?: FaultSpec[];
  /** Real milliseconds between simulation ticks. Default 25. */
  tickMs?: number;
  /** Check every ECS/ECR request against an IAM policy: what it does not allow is AccessDeniedException. */
  iam?: IamCheckOptions;
  /**
   * Run service tasks as real containers on the Docker daemon (containers/README section of the
   * package README): true, or options. Without a daemon tasks stay simulated; `containers` says so.
   */
  runContainers?: boolean | RunContainersOptions;
}

export interface EmulatorHandle {
  url: string;
  port: number;
  /** Environment for the SDK / CLI: endpoints, region, dummy credentials. */
  env: Record<string, string>;
  setScenarios(rules: ScenarioEntry[]): void;
  setFaults(faults: FaultSpec[]): void;
  /** Turns the IAM check on with another policy, or off (undefined). */
  setIamCheck(check: IamCheckOptions | undefined): void;
  /** Forgets every resource, fault and request count; scenarios return to the start options. */
  reset(): void;
  state(): Record<string, unknown>;
  loadBalancerUrl(cluster: string, service: string): string;
  /** The test listener (blue/green, linear, canary services with a testListenerRule): green only. */
  testListenerUrl(cluster: string, service: string): string;
  /** Requests received for one operation, or for all when none is named. */
  requestCount(operation?: string): number;
  /** Simulated epoch milliseconds: the clock the API's timestamps and every rollout run on. */
  now(): number;
  /** Simulated seconds per real second; 0 when the time comes from `options.clock`. */
  clockScale: number;
  /** One service as the emulator knows it, beyond what the API shows (tests' ground truth). */
  serviceTruth(cluster: string, service: string): ServiceTruth | undefined;
  /** Whether service tasks run as real containers, and why (print `reason` for a person). */
  containers: ContainersStatus;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const scale = options.clock ? 0 : (options.clockScale ?? 1);
  const clock: TimeSource = options.clock ?? new SimClock(scale);
  const timings = resolveTimings(options.timings);
  const initialScenarios = validateScenarios(
    options.scenarios ??
      (options.scenarioFile ? parseScenarioText(readFileSync(options.scenarioFile, 'utf8')) : []),
  );
  let scenarios = new ScenarioTable(initialScenarios);
  let faults = new FaultSet(validateFaults(options.faults ?? []));
  let iam = options.iam;
  const requestCounts = new Map<string, number>();
  const registry = options.registry ? new RegistryClient(options.registry) : undefined;
  const ctx = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012' };
  const images = new ImageAvailability(registry, (image) => {
    for (const task of world.activeTasks()) if (task.image === image) world.wake(task);
  });
  const containers = await connectContainers(
    options.runContainers,
    { scale: scale || 1, ...(options.registry ? { registry: options.registry } : {}) },
    (taskArn) => runtime && onContainerChange(world, runtime, taskArn),
  );
  const runtime = containers.runtime;
  const world = new World({
    ctx,
    clock,
    timings,
    scenarios: () => scenarios,
    images,
    rules: { stepTask: runtime ? containerStepRule(runtime) : stepAnyTask, schedule, rollBack },
  });
  const lb = new LoadBalancer(() => world, runtime && containerProxy(runtime));
  let url = '';

  const controlHost = {
    state: () => ({
      ...snapshot({
        world,
        url,
        clockScale: scale,
        ...(registry ? { registryUrl: registry.config.url } : {}),
        scenarios: scenarios.rules,
        faults,
        requestCounts,
        loadBalancerUrl,
      }),
      containers: containers.status,
    }),
    setScenarios: (rules: ScenarioEntry[]) => {
      scenarios = new ScenarioTable(validateScenarios(rules));
    },
    setFaults: (specs: FaultSpec[]) => {
      faults = new FaultSet(validateFaults(specs));
    },
    reset: () => {
      world.reset();
      runtime?.reset();
      images.clear();
      lb.reset();
      requestCounts.clear();
      faults = new FaultSet([]);
      scenarios = new ScenarioTable(initialScenarios);
    },
  };
  const apiHost = {
    opContext: () => (registry ? { world, registry } : { world }),
    countRequest: (operation: string) =>
      requestCounts.set(operation, (requestCounts.get(operation) ?? 0) + 1),
    decideFault: (operation: string) => faults.decide(operation),
    authorize: (request: AuthorizationInput) =>
      iam
        ? checkRequest(iam, ctx, request, { taskDefinition: (ref) => findTaskDefinition(world, ref)?.body })
        : undefined,
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith(LB_PREFIX) || path.startsWith(LB_TEST_PREFIX)) {
      if (!runtime) req.resume();
      return lb.handle(path, res, req);
    }
    const body = await readBody(req);
    if (path.startsWith(CONTROL_PREFIX)) return handleControl(controlHost, req, res, path, body);
    if (req.method === 'POST' && req.headers['x-amz-target'] !== undefined)
      return handleAwsRequest(apiHost, req, res, body);
    if (req.method === 'GET' && path === '/') {
      return sendJson(res, 200, { emulator: '@shipline/ecs-emulator', url, state: `${url}/_emulator/state` });
    }
    sendJson(res, 404, {
      message: `Nothing at ${req.method} ${path}: AWS calls are POST / with X-Amz-Target; see ${CONTROL_PREFIX}state`,
    });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      const status = error instanceof BodyTooLargeError ? 413 : 500;
      sendJson(res, status, { message: (error as Error).message });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const tick = setInterval(() => world.advance(), options.tickMs ?? 25);
  tick.unref();

  function loadBalancerUrl(cluster: string, service: string): string {
    return `${url}${LB_PREFIX}${encodeURIComponent(cluster)}/${encodeURIComponent(service)}`;
  }

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    env: {
      AWS_ENDPOINT_URL_ECS: url,
      AWS_ENDPOINT_URL_ECR: url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
      AWS_ENDPOINT_URL_CLOUDWATCH: url,
      AWS_REGION: ctx.region,
      AWS_DEFAULT_REGION: ctx.region,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
    setScenarios: controlHost.setScenarios,
    setFaults: controlHost.setFaults,
    setIamCheck: (check) => {
      iam = check;
    },
    reset: controlHost.reset,
    state: controlHost.state,
    loadBalancerUrl,
    testListenerUrl: (cluster, service) =>
      `${url}${LB_TEST_PREFIX}${encodeURIComponent(cluster)}/${encodeURIComponent(service)}`,
    requestCount: (operation) =>
      operation === undefined
        ? [...requestCounts.values()].reduce((sum, count) => sum + count, 0)
        : (requestCounts.get(operation) ?? 0),
    now: () => clock.now(),
    clockScale: scale,
    serviceTruth: (cluster, service) => serviceTruth(world, cluster, service),
    containers: containers.status,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        clearInterval(tick);
        images.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => runtime?.close());
      return closed;
    },
  };
}
