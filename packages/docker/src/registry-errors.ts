// What a failed registry request means: the registry's own error code and message, and whether
// another attempt could help (5xx, 429 and dropped connections can; the rest cannot).
import { parseRetryAfter } from '@shipline/toolkit';

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly transient: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

const NETWORK_CODES = /ECONNRESET|EPIPE|ETIMEDOUT|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CLOSED|EAI_AGAIN/;

/** A request that got no answer: transient when the connection dropped or timed out. */
export function networkError(method: string, url: string, error: unknown): RegistryError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as Error).name;
  const transient = NETWORK_CODES.test(code) || (error as Error).name === 'TimeoutError';
  return new RegistryError(
    `${method} ${url} failed: ${cause?.message ?? (error as Error).message}`,
    undefined,
    code,
    transient,
  );
}

/** An error answer, with the registry's code and message (distribution's {"errors": [...]}). */
export async function errorOf(method: string, url: string, response: Response): Promise<RegistryError> {
  const body = (await response.json().catch(() => ({}))) as {
    errors?: { code?: string; message?: string }[];
  };
  const error = body.errors?.[0];
  const status = response.status;
  const transient = status >= 500 || status === 429;
  const what =
    status === 401
      ? 'the registry refused the credentials'
      : status === 403
        ? 'access denied'
        : `HTTP ${status}${error?.code ? ` ${error.code}` : ''}${error?.message ? `: ${error.message}` : ''}`;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return new RegistryError(`${method} ${url}: ${what}`, status, error?.code, transient, retryAfterMs);
}
