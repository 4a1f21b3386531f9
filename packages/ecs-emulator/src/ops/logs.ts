// The CloudWatch Logs call a log reader makes (JSON 1.1, X-Amz-Target Logs_20140328.GetLogEvents),
// over the streams tasks write through the awslogs driver (sim/task-logs.ts).
import { ApiError } from '../errors.js';
import type { Json } from '../model.js';
import { optionalBool, optionalInt, optionalString } from '../params.js';
import { logGroupExists, streamEvents } from '../sim/task-logs.js';
import type { Operation } from './context.js';

export const LOGS_TARGET_PREFIX = 'Logs_20140328';

const notFound = (what: 'group' | 'stream') =>
  new ApiError('ResourceNotFoundException', `The specified log ${what} does not exist.`);
const invalid = (message: string) => new ApiError('InvalidParameterException', message);

/** `f/<n>` reads forward from event n, `b/<n>` backward from it (AWS's tokens are opaque too). */
function readToken(token: string | undefined): { direction: 'f' | 'b'; at: number } | undefined {
  if (token === undefined) return undefined;
  const match = /^([fb])\/(\d{1,9})$/.exec(token);
  if (!match) throw invalid('The specified nextToken is invalid.');
  return { direction: match[1] as 'f' | 'b', at: Number(match[2]) };
}

/**
 * GetLogEvents: up to `limit` (default and max 10,000) events, oldest first with startFromHead or a
 * forward token, else the newest; at the end of the stream the forward token comes back unchanged.
 */
export const getLogEvents: Operation = ({ world }, body: Json) => {
  const identifier = optionalString(body, 'logGroupIdentifier');
  const group =
    optionalString(body, 'logGroupName') ?? identifier?.replace(/^arn:.*:log-group:([^:]+).*$/, '$1');
  const stream = optionalString(body, 'logStreamName');
  if (group === undefined) throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
  if (stream === undefined) throw invalid('1 validation error detected: logStreamName must not be null.');
  const limit = optionalInt(body, 'limit', 1, 10_000) ?? 10_000;
  const token = readToken(optionalString(body, 'nextToken'));
  const startTime = optionalInt(body, 'startTime', 0, Number.MAX_SAFE_INTEGER);
  const endTime = optionalInt(body, 'endTime', 0, Number.MAX_SAFE_INTEGER);
  if (!logGroupExists(world, group)) throw notFound('group');
  const all = streamEvents(world, group, stream);
  if (!all) throw notFound('stream');
  const events = all.filter(
    (event) =>
      (startTime === undefined || event.timestamp >= startTime) &&
      (endTime === undefined || event.timestamp < endTime),
  );
  let from: number;
  let to: number;
  if (token?.direction === 'b') {
    to = Math.min(token.at, events.length);
    from = Math.max(0, to - limit);
  } else if (token?.direction === 'f' || optionalBool(body, 'startFromHead') === true) {
    from = Math.min(token?.at ?? 0, events.length);
    to = Math.min(events.length, from + limit);
  } else {
    to = events.length;
    from = Math.max(0, to - limit);
  }
  return {
    events: events.slice(from, to),
    nextForwardToken: `f/${to}`,
    nextBackwardToken: `b/${from}`,
  };
};

export const logsOperations: Record<string, Operation> = { GetLogEvents: getLogEvents };
