// AWS errors: which are worth another try, one line for a log, plain words for answers that are not ECS's.
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServerException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'TimeoutError',
  'RequestTimeout',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Whether an AWS call failed for a passing reason worth another try: throttling ("Rate
 * exceeded" is per account and region), a 5xx, or a dropped connection. Everything else (access
 * denied, a missing service, bad parameters) is an answer and is not retried.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as AwsLikeError;
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return /socket hang up|Rate exceeded|ECONNRESET/i.test(e.message ?? '');
}

/** One line for a log: the error's AWS name and message. */
export function describeAwsError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as AwsLikeError;
  return e.name && e.message && !e.message.startsWith(e.name)
    ? `${e.name}: ${e.message}`
    : (e.message ?? String(error));
}

interface CallLabelLike {
  operation: string;
  endpoint: string;
}

/**
 * The error to report when a call is given up: an answer ECS could not have sent (a 5xx page from
 * a proxy or load balancer, not JSON) and a call that got no answer (timeouts, dropped
 * connections) are said in plain words with the call and endpoint; AWS's own errors, cancellation
 * and the deadline error are returned unchanged.
 */
export function explainCallError(error: unknown, label: CallLabelLike | undefined): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const e = error as AwsLikeError & { $responseBodyText?: unknown; $response?: { body?: unknown } };
  const where = label ? ` (${label.operation} to ${label.endpoint})` : '';
  const status = e.$metadata?.httpStatusCode;
  if (e.name === 'SyntaxError' || /Deserialization error/.test(e.message ?? '')) {
    const raw = e.$responseBodyText ?? e.$response?.body;
    const body =
      typeof raw === 'string'
        ? raw
        : raw instanceof Uint8Array
          ? Buffer.from(raw).toString('utf8')
          : quotedExcerpt(e.message);
    const excerpt = body ? `: "${redactedExcerpt(body)}"` : '';
    return new Error(
      `ECS answered HTTP ${status ?? 'with an unknown status'} with a non-JSON body${excerpt}${where}; a proxy, load balancer or endpoint that is not ECS answered instead`,
      { cause: error },
    );
  }
  const noAnswer = e.name === 'TimeoutError' || (e.code !== undefined && NETWORK_CODES.has(e.code));
  if (noAnswer && label) {
    return new Error(`${label.operation} to ${label.endpoint} got no answer: ${describeAwsError(error)}`, {
      cause: error,
    });
  }
  return error;
}

/** What JSON.parse quoted of the body, e.g. `Unexpected token '<', "<html><bod"... is not valid`. */
function quotedExcerpt(message: string | undefined): string | undefined {
  return /"(.*?)"(?:\.\.\.)? is not valid JSON/.exec(message ?? '')?.[1];
}

/** At most 60 characters of a body for a log: tags dropped, anything token-like redacted. */
export function redactedExcerpt(body: string): string {
  const text = body
    .replace(/<[^>]*(>|$)/g, ' ')
    .replace(/[A-Za-z0-9+/=_-]{24,}/g, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
