// What watchDeployments follows and answers: targets (one deployment per service, a strategy's
// judge for native ones), options, and each service's verdict with its last view.
import type { ECSClient, Service, ServiceDeployment, ServiceEvent } from '@aws-sdk/client-ecs';
import type { Clock } from '@shipline/toolkit';
import type { CallContext } from '../client/ecs-client.js';
import type { DeploymentVerdict, FollowedDeployment } from './deployment-verdict.js';

export interface WatchTarget extends FollowedDeployment {
  service: string;
  /** Event ids already seen before the deployment started; only newer events are streamed. */
  knownEventIds?: Iterable<string>;
  /**
   * How this deployment is judged when not from DescribeServices alone (a native strategy reads its
   * service deployment); absent, judgeDeployment (a rolling update) decides.
   */
  judge?: DeploymentJudge;
}

/** A strategy's way of judging one look at a deployment it follows. */
export interface DeploymentJudge {
  judge(
    service: Service | undefined,
    target: FollowedDeployment,
    context: CallContext,
  ): Promise<DeploymentVerdict>;
  /** The earliest moment (epoch ms) its deployment could reach an outcome (else from `last`, or dense). */
  earliestOutcome?(now: number): number;
  /** Its last look at the deployment's service deployment: the cadence reads stage and bakes from it. */
  readonly last?: ServiceDeployment;
}

export type WatchVerdict = DeploymentVerdict | { state: 'timed-out' } | { state: 'cancelled' };

export interface WatchResult {
  service: string;
  verdict: WatchVerdict;
  /** The last DescribeServices view of the service. */
  last?: Service;
}

export interface WatchOptions {
  ecs: ECSClient;
  cluster: string;
  targets: WatchTarget[];
  /** Epoch ms. */
  deadline: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Between looks while an outcome may come (default poll-cadence's DENSE_LOOK_MS). */
  minIntervalMs?: number;
  /** The longest wait between DescribeServices looks (default poll-cadence's SPARSE_LOOK_MS). */
  maxIntervalMs?: number;
  onEvent?: (service: string, event: ServiceEvent) => void;
  onWait?: (info: { pending: string[]; nextInMs: number }) => void;
  /**
   * A second look before a 'completed' verdict stands (e.g. confirmServing); may turn it into
   * another verdict. Errors are treated like DescribeServices errors.
   */
  confirmCompleted?: (
    service: Service,
    verdict: Extract<DeploymentVerdict, { state: 'completed' }>,
  ) => Promise<DeploymentVerdict>;
  /** After every look (DescribeServices, or only the reads of judges that were due), with each verdict so far. */
  onCheck?: (results: WatchResult[]) => void;
}
