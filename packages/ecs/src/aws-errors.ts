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
