// The Slack stand-in's types: its endpoints, the answers a test can script, what it records
// (requests, accepted messages) and the handle startSlack() returns.
export type SlackEndpoint = 'webhook' | 'chat.postMessage' | 'chat.update';

/**
 * A scripted answer: `'ok'` (answer normally), `'reset'` (drop the connection without an answer),
 * `'hang'` (never answer, until close()), an HTTP status such as 500 or 503, `{ retryAfter: seconds }` (429 with Retry-After) or
 * `{ error: 'invalid_payload' }` (Slack's error, shaped as the endpoint sends it).
 */
export type SlackAnswer = 'ok' | 'reset' | 'hang' | number | { retryAfter: number } | { error: string };

/** Every request the stand-in received, whatever it answered. */
export interface SlackRequest {
  endpoint: SlackEndpoint;
  /** Arrival time, ms (performance clock): gaps between requests are precise. */
  at: number;
  /** The parsed body (JSON or form), or the raw text when it parses as neither. */
  body: unknown;
  authorization?: string;
  /** What was answered: 'ok', 'reset', an HTTP status, or Slack's error code. */
  answer: string;
}

/** A message Slack accepted (and would show). */
export interface SlackMessage {
  endpoint: SlackEndpoint;
  body: Record<string, unknown>;
  ts: string;
  /** The channel id; for webhooks, the webhook's own channel. */
  channel: string;
  threadTs?: string;
  /** The notification text or the first text found in the blocks, for printing. */
  preview: string;
}

export interface SlackStandIn {
  url: string;
  webhookUrl: string;
  /** Web API base: `${apiUrl}/chat.postMessage`. */
  apiUrl: string;
  token: string;
  requests: SlackRequest[];
  messages: SlackMessage[];
  /** Queues answers for an endpoint; once they are used up, it answers normally again. */
  script(endpoint: SlackEndpoint, ...answers: SlackAnswer[]): void;
  /** Drops every queued answer (between tests). */
  clearScripts(): void;
  /** The requests of one endpoint (all when omitted). */
  requestsTo(endpoint?: SlackEndpoint): SlackRequest[];
  close(): Promise<void>;
}

export interface SlackOptions {
  token?: string;
  /** Channel names/ids that exist; any channel exists when omitted. */
  channels?: string[];
  onMessage?: (message: SlackMessage) => void;
}
