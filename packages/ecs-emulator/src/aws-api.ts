// The AWS JSON 1.1 protocol: POST / with X-Amz-Target "<prefix>.<Operation>", JSON in and out,
// errors as {"__type", "message"} (400, or 500 for server faults), x-amzn-RequestId on every answer.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, serverError, throttling } from './errors.js';
import type { FaultDecision } from './faults.js';
import { sendJson } from './http-util.js';
import { accessKeyOf } from './iam-check.js';
import type { Json } from './model.js';
import type { OpContext, Operation } from './ops/context.js';
import {
  ECR_TARGET_PREFIX,
  ECS_TARGET_PREFIX,
  ecrOperations,
  ecsOperations,
  LOGS_TARGET_PREFIX,
  logsOperations,
  CLOUDWATCH_TARGET_PREFIX,
  cloudwatchOperations,
} from './ops/index.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/** One request as the IAM check sees it. */
export interface AuthorizationInput {
  service: 'ecs' | 'ecr' | 'logs' | 'cloudwatch';
  operation: string;
  body: Json;
  accessKey?: string;
}

export interface AwsApiHost {
  opContext(): OpContext;
  countRequest(operation: string): void;
  decideFault(operation: string): FaultDecision;
  /** AccessDeniedException when the IAM check (if on) does not allow the request. */
  authorize(request: AuthorizationInput): ApiError | undefined;
}

function lookup(target: string): { operation: string; handler?: Operation } {
  const dot = target.indexOf('.');
  const prefix = target.slice(0, dot);
  const operation = target.slice(dot + 1);
  const table =
    prefix === ECS_TARGET_PREFIX
      ? ecsOperations
      : prefix === ECR_TARGET_PREFIX
        ? ecrOperations
        : prefix === LOGS_TARGET_PREFIX
          ? logsOperations
          : prefix === CLOUDWATCH_TARGET_PREFIX
            ? cloudwatchOperations
            : undefined;
  const handler = table && Object.hasOwn(table, operation) ? table[operation] : undefined;
  return handler ? { operation, handler } : { operation };
}

export async function handleAwsRequest(
  host: AwsApiHost,
  req: IncomingMessage,
  res: ServerResponse,
  rawBody: string,
): Promise<void> {
  const requestId = randomUUID();
  const target = String(req.headers['x-amz-target'] ?? '');
  // CloudWatch's client speaks JSON 1.0 with awsQueryCompatible error codes.
  const cloudwatch = target.startsWith(`${CLOUDWATCH_TARGET_PREFIX}.`);
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    sendJson(
      res,
      status,
      body,
      { 'x-amzn-requestid': requestId, ...headers },
      cloudwatch ? 'application/x-amz-json-1.0' : CONTENT_TYPE,
    );
  const fail = (error: ApiError) =>
    send(
      error.status,
      error.toBody(),
      cloudwatch ? { 'x-amzn-query-error': `${error.type.replace(/Exception$/, '')};Sender` } : {},
    );
  const { operation, handler } = lookup(target);
  host.countRequest(operation || target);

  const fault = host.decideFault(operation);
  if (fault.latencyMs > 0) await whileConnected(res, fault.latencyMs);
  if (res.destroyed || req.socket.destroyed) return; // the client gave up waiting
  if (fault.failure === 'drop') {
    req.socket.destroy();
    return;
  }
  // Accepted and never answered: the connection stays open until the client (or close()) ends it.
  if (fault.failure === 'silent') return;
  if (fault.failure === 'bad-gateway') {
    res.writeHead(502, { 'content-type': 'text/html' });
    res.end('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>');
    return;
  }
  if (fault.failure === 'throttle') return fail(throttling());
  if (fault.failure === 'server-error') return fail(serverError());
  if (fault.failure === 'access-denied') {
    const action = `${target.startsWith(ECR_TARGET_PREFIX) ? 'ecr' : 'ecs'}:${operation}`;
    return fail(
      new ApiError(
        'AccessDeniedException',
        `User: arn:aws:sts::000000000000:assumed-role/emulator is not authorized to perform: ${action}`,
      ),
    );
  }

  if (!handler) {
    return fail(
      new ApiError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target header)'}`),
    );
  }
  let body: Json;
  try {
    const parsed: unknown = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    body = parsed as Json;
  } catch {
    return fail(new ApiError('SerializationException', 'Request body is not a JSON object.'));
  }
  const service = cloudwatch
    ? 'cloudwatch'
    : target.startsWith(ECR_TARGET_PREFIX)
      ? 'ecr'
      : target.startsWith(LOGS_TARGET_PREFIX)
        ? 'logs'
        : 'ecs';
  const accessKey = accessKeyOf(req.headers.authorization);
  const denied = host.authorize({ service, operation, body, ...(accessKey ? { accessKey } : {}) });
  if (denied) return fail(denied);
  try {
    const ctx = host.opContext();
    ctx.world.advance();
    const result = await handler(ctx, body);
    ctx.world.advance(); // the scheduler reacts to a change at the time it was made
    send(200, result);
  } catch (error) {
    if (error instanceof ApiError) return fail(error);
    fail(serverError(`Internal emulator error: ${(error as Error).message}`));
  }
}

/** Waits `ms` real milliseconds, or less when the client closes the connection first. */
function whileConnected(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
