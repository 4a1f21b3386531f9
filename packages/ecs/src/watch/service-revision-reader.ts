// DescribeServiceRevisions shared by the judges of one look that are finding their service
// deployments: each joins before its own ListServiceDeployments (that API takes one service), and
// once every one that joined has asked (or left), one call per 20 ARNs (ECS's limit) reads them all.
import { DescribeServiceRevisionsCommand, type ECSClient, type ServiceRevision } from '@aws-sdk/client-ecs';
import { callEcs, inChunks, type CallContext } from '../client/ecs-client.js';

const MAX_ARNS = 20;

interface Request {
  arns: string[];
  resolve: (revisions: Map<string, ServiceRevision>) => void;
  reject: (error: unknown) => void;
}

/** The readers that joined in one turn: open to joiners until that turn ends. */
interface Round {
  joined: number;
  settled: number;
  open: boolean;
  sent: boolean;
  requests: Request[];
}

export interface RevisionTicket {
  /** The revisions among `arns` that ECS knows, by ARN; read with the round's other ARNs. */
  read(arns: string[]): Promise<Map<string, ServiceRevision>>;
  /** Nothing to read after all (an error, no candidate): the round no longer waits for this one. */
  leave(): void;
}

const rounds = new WeakMap<ECSClient, WeakMap<CallContext, Round>>();

/**
 * Joins the round of reads of `ecs` and `context` started in this turn (the watcher starts a look's
 * judges together), or starts one. The round sends when every ticket has read or left.
 */
export function joinRevisionRead(ecs: ECSClient, context: CallContext): RevisionTicket {
  let byContext = rounds.get(ecs);
  if (!byContext) rounds.set(ecs, (byContext = new WeakMap()));
  let round = byContext.get(context);
  if (!round) {
    const started: Round = { joined: 0, settled: 0, open: true, sent: false, requests: [] };
    byContext.set(context, (round = started));
    const contexts = byContext;
    queueMicrotask(() => {
      started.open = false;
      if (contexts.get(context) === started) contexts.delete(context);
      void sendWhenAllAsked(ecs, context, started);
    });
  }
  const mine = round;
  mine.joined++;
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    mine.settled++;
  };
  return {
    read: (arns) =>
      new Promise((resolve, reject) => {
        if (settled) throw new Error('a revision ticket reads once');
        mine.requests.push({ arns, resolve, reject });
        settle();
        void sendWhenAllAsked(ecs, context, mine);
      }),
    leave: () => {
      settle();
      void sendWhenAllAsked(ecs, context, mine);
    },
  };
}

async function sendWhenAllAsked(ecs: ECSClient, context: CallContext, round: Round): Promise<void> {
  if (round.open || round.sent || round.settled < round.joined) return;
  round.sent = true;
  const arns = [...new Set(round.requests.flatMap((r) => r.arns))];
  const found = new Map<string, ServiceRevision>();
  try {
    const revisions = await inChunks(arns, MAX_ARNS, async (serviceRevisionArns) => {
      const answer = await callEcs(context, (o) =>
        ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns }), o),
      );
      return answer.serviceRevisions;
    });
    for (const revision of revisions)
      if (revision.serviceRevisionArn) found.set(revision.serviceRevisionArn, revision);
  } catch (error) {
    for (const request of round.requests) request.reject(error);
    return;
  }
  for (const request of round.requests) request.resolve(found);
}
