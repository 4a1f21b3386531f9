// Following a container's awslogs stream (GetLogEvents, forward tokens) into the step log, each line
// prefixed with the container's name and escaped (never a workflow command), keeping the last lines.
import { GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { untrusted, type ActionLog } from '@shipline/toolkit';
import { describeAwsError } from '../client/aws-errors.js';
import { callEcs, type CallContext } from '../client/ecs-client.js';

/** How many of the last lines the summary shows (and the follower keeps). */
export const LAST_LINES = 30;
/** A stream read stops after this many pages per poll, so a chatty task cannot starve the wait. */
const PAGES_PER_POLL = 5;

export interface AwslogsStream {
  region: string;
  group: string;
  stream: string;
}

/**
 * Where ECS's awslogs driver writes a container's log: `awslogs-stream-prefix/container/task-id`
 * in `awslogs-group` (AWS: "Using the awslogs log driver"). Undefined (with the reason) without
 * the awslogs driver or a stream prefix.
 */
export function awslogsStream(
  container: ContainerDefinition,
  taskId: string,
  defaultRegion: string,
): AwslogsStream | string {
  const config = container.logConfiguration;
  if (config?.logDriver !== 'awslogs')
    return `container ${container.name} does not use the awslogs log driver: its output is not shown here`;
  const group = config.options?.['awslogs-group'];
  const prefix = config.options?.['awslogs-stream-prefix'];
  if (!group || !prefix)
    return `container ${container.name}'s awslogs configuration has no awslogs-group or awslogs-stream-prefix: its stream cannot be named`;
  return {
    region: config.options?.['awslogs-region'] ?? defaultRegion,
    group,
    stream: `${prefix}/${container.name}/${taskId}`,
  };
}

export class LogFollower {
  private token: string | undefined;
  private readonly last: string[] = [];
  private stopped = false;
  /** Why lines stopped coming (access denied, say), once. */
  note: string | undefined;

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly where: AwslogsStream,
    private readonly prefix: string,
    private readonly log: ActionLog,
  ) {}

  /** The last lines read, escaped. */
  lastLines(): string[] {
    return [...this.last];
  }

  /** Reads what is new and prints it; returns how many lines came. A missing stream is "not yet". */
  async poll(context: CallContext): Promise<number> {
    if (this.stopped) return 0;
    let count = 0;
    for (let page = 0; page < PAGES_PER_POLL; page++) {
      let answer;
      try {
        answer = await callEcs(context, (o) =>
          this.client.send(
            new GetLogEventsCommand({
              logGroupName: this.where.group,
              logStreamName: this.where.stream,
              startFromHead: true,
              ...(this.token ? { nextToken: this.token } : {}),
            }),
            o,
          ),
        );
      } catch (error) {
        if ((error as Error).name === 'ResourceNotFoundException') return count;
        if (context.signal?.aborted || (error as Error).name === 'CallDeadlineError') throw error;
        this.stopped = true;
        this.note = `the log stream ${this.where.group}/${this.where.stream} could not be read (${describeAwsError(error)}); the task is still followed`;
        this.log.warning(this.note);
        return count;
      }
      for (const event of answer.events ?? []) count += this.print(event.message ?? '');
      const same = answer.nextForwardToken === this.token;
      this.token = answer.nextForwardToken;
      if (same || (answer.events ?? []).length === 0) break;
    }
    return count;
  }

  private print(message: string): number {
    const lines = message.replace(/\r?\n$/, '').split(/\r?\n/);
    for (const line of lines) {
      const safe = untrusted(line);
      this.log.info(`${this.prefix} ${safe}`);
      this.last.push(safe);
      if (this.last.length > LAST_LINES) this.last.shift();
    }
    return lines.length;
  }
}
