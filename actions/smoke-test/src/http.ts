// Sends one request of a check (node http/https, bounded by request-timeout) and merges headers.
import https from 'node:https';
import { abortReason, formatDuration, isSecretHeader } from '@shipline/toolkit';

/** One finished exchange: the last response and the redirects followed to reach it. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** e.g. `302 → http://host/health`, in order. */
  redirects: string[];
  latencyMs: number;
}

export interface RequestSpec {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  followRedirects: boolean;
  timeoutMs: number;
  /** Accept any TLS certificate (self-signed, wrong host). */
  insecureTls: boolean;
}

/** A request that produced no answer: refused, reset, TLS refused, or out of time. */
export class NoAnswerError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'network',
  ) {
    super(message);
    this.name = 'NoAnswerError';
  }
}

const MAX_REDIRECTS = 10;
const insecureAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

/**
 * Sends a request with Node's fetch, bounded by `timeoutMs` for the whole exchange (redirects and
 * body included) and by `signal` (cancellation, rethrown as is). Redirects are followed by hand
 * so each one is reported; credentials are not carried to another origin, as fetch does.
 */
export async function send(spec: RequestSpec, signal: AbortSignal): Promise<Answer> {
  const started = performance.now();
  const bounded = AbortSignal.any([AbortSignal.timeout(spec.timeoutMs), signal]);
  const redirects: string[] = [];
  let { url, method, headers, body } = spec;
  const progress = { headers: false };
  try {
    for (;;) {
      progress.headers = false;
      const hop = await sendOnce(
        { url, method, headers, body, insecure: spec.insecureTls },
        bounded,
        progress,
      );
      const location = hop.headers.location;
      if (!spec.followRedirects || !isRedirect(hop.status) || location === undefined) {
        return { ...hop, redirects, latencyMs: performance.now() - started };
      }
      if (redirects.length === MAX_REDIRECTS) {
        throw new NoAnswerError(`more than ${MAX_REDIRECTS} redirects (last to ${location})`, 'network');
      }
      const next = new URL(location, url);
      redirects.push(`${hop.status} → ${next.href}`);
      if (next.origin !== url.origin) {
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !isSecretHeader(name)));
      }
      if (hop.status === 303 || ((hop.status === 301 || hop.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  } catch (error) {
    if (signal.aborted) throw abortReason(signal);
    if (bounded.aborted) {
      const limit = `request-timeout ${formatDuration(spec.timeoutMs)}`;
      throw new NoAnswerError(
        progress.headers
          ? `response body not finished within ${limit}`
          : `no answer within ${limit} (hanging)`,
        'timeout',
      );
    }
    if (error instanceof NoAnswerError) throw error;
    throw new NoAnswerError(describeNetworkError(error), 'network');
  }
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  insecure: boolean;
}

async function sendOnce(
  hop: Hop,
  signal: AbortSignal,
  progress: { headers: boolean },
): Promise<Omit<Answer, 'redirects' | 'latencyMs'>> {
  if (hop.insecure && hop.url.protocol === 'https:') return sendInsecure(hop, signal, progress);
  const response = await fetch(hop.url, {
    method: hop.method,
    headers: hop.headers,
    body: hop.body,
    redirect: 'manual',
    signal,
  });
  progress.headers = true;
  const body = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), body };
}

/** Node's fetch cannot skip certificate checks without undici's Agent, so insecure-tls uses https. */
function sendInsecure(
  hop: Hop,
  signal: AbortSignal,
  progress: { headers: boolean },
): Promise<Omit<Answer, 'redirects' | 'latencyMs'>> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      hop.url,
      { method: hop.method, headers: hop.headers, agent: insecureAgent, signal },
      (response) => {
        progress.headers = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({
            status: response.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(hop.body);
  });
}

function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

/** fetch says only "fetch failed"; the reason (refused, reset, certificate) is in its cause. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.message ?? (error as Error).message ?? String(error);
  const code = cause?.code ?? (error as { code?: string }).code;
  return code && !detail.includes(code) ? `${detail} (${code})` : detail;
}

/** The headers of one request: names lowercased, so a check's `authorization` replaces a global `Authorization`. */
export function mergeHeaders(...layers: Record<string, string>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer)) merged[name.toLowerCase()] = value;
  }
  return merged;
}
