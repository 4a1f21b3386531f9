import { DescribeServicesCommand, ECSClient, type Service } from '@aws-sdk/client-ecs';
import { retry, type Clock } from '@shipline/toolkit';
import { isTransientAwsError } from './aws-errors.js';

/** What every call to ECS is bounded by: the step's deadline and its cancellation. */
export interface CallContext {
  /** Epoch ms; no retry starts after it. */
  deadline: number;
  signal?: AbortSignal;
  clock?: Clock;
}

/**
 * An ECS client with the SDK's standard retry strategy (exponential backoff with jitter and a
 * retry quota); `callEcs` adds a second, deadline-bounded layer on top, so a throttling storm
 * longer than the SDK's few attempts is waited out rather than fatal. Region, credentials and
 * endpoint (AWS_ENDPOINT_URL_ECS) come from the environment as usual.
 */
export function createEcsClient(): ECSClient {
  return new ECSClient({ retryMode: 'standard', maxAttempts: 4 });
}

/**
 * Makes one ECS call, retrying throttling, 5xx and dropped connections with full jitter until
 * the deadline; any other error (access denied, not found, bad parameter) is an answer and is
 * thrown at once. Usage: `callEcs(context, (o) => ecs.send(new XCommand(input), o))`.
 */
export function callEcs<T>(
  context: CallContext,
  send: (options: { abortSignal?: AbortSignal }) => Promise<T>,
): Promise<T> {
  return retry(() => send({ abortSignal: context.signal }), {
    attempts: Number.POSITIVE_INFINITY,
    deadline: context.deadline,
    baseDelayMs: 500,
    maxDelayMs: 5_000,
    retryable: isTransientAwsError,
    signal: context.signal,
    clock: context.clock,
  });
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
  for (let i = 0; i < names.length; i += 10) {
    const services = names.slice(i, i + 10);
    const answer = await callEcs(context, (o) =>
      ecs.send(new DescribeServicesCommand({ cluster, services }), o),
    );
    for (const service of answer.services ?? []) {
      if (service.serviceName) found.set(service.serviceName, service);
      if (service.serviceArn) found.set(service.serviceArn, service);
    }
  }
  return found;
}
