// DescribeServiceDeployments shared by the judges of one look: the reads asked for in the same turn
// go out together, up to 20 ARNs a call (ECS's limit), instead of one call per service.
import {
  DescribeServiceDeploymentsCommand,
  type ECSClient,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { callEcs, type CallContext } from '../client/ecs-client.js';

const MAX_ARNS = 20;

interface Waiter {
  resolve: (deployment: ServiceDeployment | undefined) => void;
  reject: (error: unknown) => void;
}

/** Reads being gathered, per client and per call context (one watch's looks share one context). */
const gathering = new WeakMap<ECSClient, WeakMap<CallContext, Map<string, Waiter[]>>>();

/**
 * One service deployment, read together with every other read of the same client and context
 * asked for before the current turn ends (the watcher starts its judges together). Undefined when
 * ECS does not know the ARN; an error of the shared call is every reader's error.
 */
export function readServiceDeployment(
  ecs: ECSClient,
  arn: string,
  context: CallContext,
): Promise<ServiceDeployment | undefined> {
  let byContext = gathering.get(ecs);
  if (!byContext) gathering.set(ecs, (byContext = new WeakMap()));
  let batch = byContext.get(context);
  if (!batch) {
    const started = (batch = new Map<string, Waiter[]>());
    byContext.set(context, started);
    queueMicrotask(() => {
      byContext.delete(context);
      void send(ecs, started, context);
    });
  }
  const waiting = batch;
  return new Promise((resolve, reject) =>
    waiting.set(arn, [...(waiting.get(arn) ?? []), { resolve, reject }]),
  );
}

async function send(ecs: ECSClient, batch: Map<string, Waiter[]>, context: CallContext): Promise<void> {
  const arns = [...batch.keys()];
  for (let i = 0; i < arns.length; i += MAX_ARNS) {
    const chunk = arns.slice(i, i + MAX_ARNS);
    try {
      const answer = await callEcs(context, (o) =>
        ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: chunk }), o),
      );
      for (const arn of chunk) {
        const found = answer.serviceDeployments?.find((d) => d.serviceDeploymentArn === arn);
        for (const waiter of batch.get(arn)!) waiter.resolve(found);
      }
    } catch (error) {
      for (const arn of chunk) for (const waiter of batch.get(arn)!) waiter.reject(error);
    }
  }
}
