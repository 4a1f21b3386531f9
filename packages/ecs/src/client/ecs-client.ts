// The ECS client and callEcs: every call retried within the step's deadline and cut off at its hard stop.
import { DescribeServicesCommand, ECSClient, type ECSClientConfig, type Service } from '@aws-sdk/client-ecs';
import { retry, systemClock, type Clock } from '@shipline/toolkit';
import { explainCallError, isTransientAwsError } from './aws-errors.js';
import { CALL_GRACE_MS, CallDeadlineError, withHardStop, type CallLabel } from './call-deadline.js';

/** What every call to ECS is bounded by: the step's deadline and its cancellation. */
export interface CallContext {
  /** Epoch ms; no retry starts after it. */
  deadline: number;
  /** Epoch ms at which a call still in flight is aborted; default deadline + CALL_GRACE_MS. */
  hardStop?: number;
  signal?: AbortSignal;
  clock?: Clock;
}

/**
 * One attempt may wait this long for a TCP connection, and this long for its whole answer,
 * before the SDK gives up on it and retries: a silent connection costs one attempt, not the step.
 */
export const CONNECTION_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 20_000;

/** Which call (operation, endpoint) an abort signal was last sent with; for the deadline error. */
const callLabels = new WeakMap<AbortSignal, CallLabel>();

/**
 * An ECS client with the SDK's standard retry strategy (exponential backoff with jitter and a
 * retry quota) and connection and request timeouts per attempt; `callEcs` adds a second,
 * deadline-bounded layer on top, so a throttling storm longer than the SDK's few attempts is
 * waited out rather than fatal. Region, credentials and endpoint (AWS_ENDPOINT_URL_ECS) come from
 * the environment as usual; `overrides` are for tests.
 */
export function createEcsClient(overrides: ECSClientConfig = {}): ECSClient {
  const ecs = new ECSClient({
    retryMode: 'standard',
    maxAttempts: 4,
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...overrides,
  });
  // At the build step the endpoint is resolved; what is recorded here names a call cut off later.
  ecs.middlewareStack.add(
    (next, context) => (args) => {
      const signal = (context as { __smithy_context?: { abortSignal?: AbortSignal } }).__smithy_context
        ?.abortSignal;
      const request = args.request as { hostname?: string; port?: number; protocol?: string };
      if (signal && request.hostname) {
        const port = request.port ?? (request.protocol === 'http:' ? 80 : 443);
        const operation = context.commandName?.replace(/Command$/, '') ?? 'an ECS call';
        callLabels.set(signal, { operation, endpoint: `${request.hostname}:${port}` });
      }
      return next(args);
    },
    { step: 'build', name: 'shiplineCallLabel' },
  );
  // Inside the deserializer: a body that is not JSON is read into memory first, so that the error
  // can quote it (the deserializer consumes the stream and keeps only its own message).
  ecs.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { headers?: Record<string, string>; body?: unknown };
      const type = response.headers?.['content-type'] ?? '';
      if (!/json/i.test(type) && isAsyncIterable(response.body)) {
        response.body = await readAtMost(response.body, 65_536);
      }
      return result;
    },
    { step: 'deserialize', name: 'shiplineKeepNonJsonBody', priority: 'low' },
  );
  return ecs;
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<Uint8Array> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

async function readAtMost(body: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < limit) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/**
 * Makes one ECS call, retrying throttling, 5xx and dropped connections with full jitter until
 * the deadline; any other error (access denied, not found, bad parameter) is an answer and is
 * thrown at once. The call is aborted at the context's hard stop, SDK retries included, with an
 * error naming the operation and endpoint it waited on.
 * Usage: `callEcs(context, (o) => ecs.send(new XCommand(input), o))`.
 */
export function callEcs<T>(
  context: CallContext,
  send: (options: { abortSignal?: AbortSignal }) => Promise<T>,
): Promise<T> {
  const clock = context.clock ?? systemClock;
  const startedAt = clock.now();
  let callSignal: AbortSignal | undefined;
  const label = () => (callSignal ? callLabels.get(callSignal) : undefined);
  return withHardStop(
    clock,
    context.hardStop ?? context.deadline + CALL_GRACE_MS,
    context.signal,
    () => new CallDeadlineError(label(), clock.now() - startedAt),
    (signal) => {
      callSignal = signal;
      return retry(() => send({ abortSignal: signal }), {
        attempts: Number.POSITIVE_INFINITY,
        deadline: context.deadline,
        baseDelayMs: 500,
        maxDelayMs: 5_000,
        retryable: isTransientAwsError,
        signal,
        clock,
      }).catch((error: unknown) => {
        throw explainCallError(error, label());
      });
    },
  );
}

/**
 * A context for follow-up calls after the main wait (diagnosis): up to `ms` from now, but never
 * past the step's own hard stop.
 */
export function followUpContext(context: CallContext, ms: number): CallContext {
  const clock = context.clock ?? systemClock;
  const hardStop = context.hardStop ?? context.deadline + CALL_GRACE_MS;
  return { ...context, deadline: Math.min(clock.now() + ms, hardStop), hardStop };
}

/**
 * DescribeServices for any number of services, ten per call (ECS's limit), each call retried as
 * callEcs does. Keyed by service name and by ARN, so either spelling finds it; absent = not found.
 */
export async function describeServices(
  ecs: ECSClient,
  cluster: string,
  names: string[],
  context: CallContext,
): Promise<Map<string, Service>> {
  const found = new Map<string, Service>();
  const described = await inChunks(names, 10, async (services) => {
    const answer = await callEcs(context, (o) =>
      ecs.send(new DescribeServicesCommand({ cluster, services }), o),
    );
    return answer.services;
  });
  for (const service of described) {
    if (service.serviceName) found.set(service.serviceName, service);
    if (service.serviceArn) found.set(service.serviceArn, service);
  }
  return found;
}

/**
 * ECS's Describe* calls take a limited number of names or ARNs (10 services; 20 service deployments
 * or revisions): `describe` each chunk of `size` in turn, the items of all answers together.
 */
export async function inChunks<T>(
  keys: string[],
  size: number,
  describe: (chunk: string[]) => Promise<T[] | undefined>,
): Promise<T[]> {
  const items: T[] = [];
  for (let i = 0; i < keys.length; i += size)
    items.push(...((await describe(keys.slice(i, i + size))) ?? []));
  return items;
}
