// One JSON POST with a timeout and cancellation, its answer, and HttpCallError for what went wrong.
import { formatDuration } from './duration.js';
import { parseRetryAfter } from './retry.js';
import { excerpt } from './untrusted.js';

/** A server's answer, whatever its status: the caller decides what each status means. */
export interface HttpAnswer {
  status: number;
  text: string;
  /** The server's Retry-After in ms (delay-seconds or an HTTP date), when it sent one. */
  retryAfterMs?: number;
}

/**
 * A call that got no usable answer, or an answer worth another attempt: `code` is `http_NNN`,
 * `connection_error` or `timeout`. The message holds only a redacted, bounded excerpt of a body.
 */
export class HttpCallError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HttpCallError';
  }
}

export interface PostJsonOptions {
  /** Who answers, for messages: "PagerDuty". */
  service: string;
  signal: AbortSignal;
  /** This attempt's time; past it the call fails with a retryable `timeout`. */
  timeoutMs: number;
  headers?: Record<string, string>;
}

/**
 * POSTs JSON once and returns the answer. Redirects are refused (a credential in the body must
 * not follow one); a reset, refusal or DNS failure and a timed-out attempt throw a retryable
 * HttpCallError. Cancellation (options.signal) throws its own reason.
 */
export async function postJson(url: URL, body: unknown, options: PostJsonOptions): Promise<HttpAnswer> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.any([options.signal, timeout]),
      redirect: 'error',
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    };
  } catch (error) {
    if (options.signal.aborted) throw error;
    if (timeout.aborted) {
      const detail = `${options.service} did not answer within ${formatDuration(options.timeoutMs)}`;
      throw new HttpCallError('timeout', true, detail);
    }
    // fetch reports resets, refusals and DNS failures as TypeError with the system error as cause.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = excerpt(cause?.code ?? cause?.message ?? (error as Error).message, 120);
    throw new HttpCallError(
      'connection_error',
      true,
      `the connection to ${options.service} failed (${reason})`,
    );
  }
}

/** An unwanted HTTP answer as an error: 429 and 5xx are worth another attempt, other statuses not. */
export function httpAnswerError(service: string, answer: HttpAnswer): HttpCallError {
  const retryable = answer.status === 429 || answer.status >= 500;
  // The body is the server's text: it may echo a credential or carry `::` lines.
  return new HttpCallError(
    `http_${answer.status}`,
    retryable,
    `${service} answered HTTP ${answer.status}: ${excerpt(answer.text) || '(empty body)'}`,
    answer.status === 429 ? answer.retryAfterMs : undefined,
  );
}
