// The errors a GitHub REST call ends with: Octokit's HTTP error as read here, and GitHubApiError.
import { excerpt } from '@shipline/toolkit';

/** The parts of Octokit's RequestError read here (its class is not a direct dependency). */
export interface HttpError {
  status: number;
  message: string;
  response?: { headers: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

export function isHttpError(error: unknown): error is HttpError {
  return typeof error === 'object' && error !== null && typeof (error as HttpError).status === 'number';
}

/**
 * A call GitHub refused or failed (a rate limit too, when it outlasts the deadline): the message
 * quotes GitHub's own words as a bounded, redacted excerpt (a body may echo the token);
 * `apiMessage` keeps them whole for a caller that words its own message.
 */
export class GitHubApiError extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
    readonly apiMessage: string,
    /** GitHub asked us to wait (rate limit, 5xx backoff), but the wait would end past the deadline. */
    readonly outlastsDeadline = false,
    /** How the call ended, e.g. `HTTP 502` or `no answer (request timeout)`; see failureLabel. */
    readonly label = `HTTP ${status}`,
  ) {
    super(`GitHub API: ${what} failed with ${label}: ${excerpt(apiMessage)}`);
    this.name = 'GitHubApiError';
  }
}

/**
 * What ended a call: GitHub's HTTP status, or, for a request that got no answer (Octokit reports
 * those as status 500 without a response), a timeout or a failed connection: saying "HTTP 500"
 * there would send people looking for a server error GitHub never returned.
 */
export function failureLabel(error: HttpError): string {
  if (error.response !== undefined) return `HTTP ${error.status}`;
  const cause = error.cause as { name?: string } | undefined;
  const timedOut = cause?.name === 'TimeoutError' || /timeout|timed out/i.test(error.message);
  return timedOut ? 'no answer (request timeout)' : 'no answer (connection failed)';
}
