// The PagerDuty stand-in's types: its endpoints, the answers a test can script, what it records
// (requests, alerts by dedup_key) and the handle startPagerDuty() returns.
/** An alert event's `event_action`. */
export type AlertAction = 'trigger' | 'acknowledge' | 'resolve';

export type PagerDutyEndpoint = 'enqueue' | 'change';

/**
 * A scripted answer: `'ok'` (answer normally), `'reset'` (drop the connection), `'hang'` (never
 * answer, until close()), an HTTP status such as 500 or 503, or `{ retryAfter: seconds }` (429
 * with Retry-After; `{ retryAfter: null }` for a 429 without it, as PagerDuty usually sends).
 */
export type PagerDutyAnswer = 'ok' | 'reset' | 'hang' | number | { retryAfter: number | null };

export interface PagerDutyRequest {
  endpoint: PagerDutyEndpoint;
  /** Arrival time, ms (performance clock). */
  at: number;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** The HTTP status answered, or 'reset' / 'hang'. */
  answer: string;
}

export interface Alert {
  dedupKey: string;
  routingKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  summary: string;
  severity: string;
  /** Every accepted event applied to this alert, in order (trigger, acknowledge, resolve). */
  actions: AlertAction[];
  payload: Record<string, unknown>;
  links: unknown[];
}

export interface PagerDutyStandIn {
  url: string;
  /** The one integration key this service accepts (32 hex characters, as PagerDuty issues them). */
  routingKey: string;
  requests: PagerDutyRequest[];
  /** Alerts by dedup_key; a resolved one stays until a trigger opens a new alert with its key. */
  alerts: Map<string, Alert>;
  /** Accepted change events (bodies), oldest first. */
  changes: Record<string, unknown>[];
  /** Alerts that are triggered or acknowledged. */
  openAlerts(): Alert[];
  /** Queues answers; once used up, it answers normally again. */
  script(...answers: PagerDutyAnswer[]): void;
  clearScripts(): void;
  requestsTo(endpoint?: PagerDutyEndpoint): PagerDutyRequest[];
  /** Forgets every request, alert, change event and scripted answer: a service as new. */
  reset(): void;
  close(): Promise<void>;
}

export interface PagerDutyOptions {
  routingKey?: string;
  /** Called with each request once it is answered (or dropped), e.g. to print it as it arrives. */
  onEvent?: (request: PagerDutyRequest) => void;
}
