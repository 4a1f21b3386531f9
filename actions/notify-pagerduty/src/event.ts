// The Events API v2 bodies: alert events for /v2/enqueue, change events for /v2/change/enqueue
// (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/,
// https://developer.pagerduty.com/docs/events-api-v2/send-change-events/).
import type { PagerDutyOptions } from './inputs.js';

export const MAX_SUMMARY = 1_024;
/** Long free text in custom_details is cut too: the whole event must stay far below 512 KB. */
const MAX_DETAIL = 8_000;

export interface PagerDutyEvent {
  path: '/v2/enqueue' | '/v2/change/enqueue';
  body: Record<string, unknown>;
  /** Set when the summary was cut to PagerDuty's 1024 characters: its original length. */
  summaryCutFrom?: number;
}

export function buildEvent(options: PagerDutyOptions, now: Date): PagerDutyEvent {
  const links = runLinks(options);
  if (options.eventAction === 'acknowledge' || options.eventAction === 'resolve') {
    // Follow-up events carry only the key: PagerDuty ignores a payload on them.
    const body = {
      routing_key: options.routingKey,
      event_action: options.eventAction,
      dedup_key: options.dedupKey,
    };
    return { path: '/v2/enqueue', body };
  }
  const original = options.summary ?? '';
  const summary = fit(original, MAX_SUMMARY);
  const source = options.source ?? defaultSource(options);
  const payload: Record<string, unknown> = {
    summary,
    source,
    timestamp: now.toISOString(),
    custom_details: customDetails(options),
  };
  const summaryCutFrom = summary === original ? undefined : original.length;
  if (options.eventAction === 'change') {
    return {
      path: '/v2/change/enqueue',
      body: { routing_key: options.routingKey, payload, links },
      summaryCutFrom,
    };
  }
  Object.assign(payload, {
    severity: options.severity,
    ...(options.component ? { component: options.component } : {}),
    ...(options.group ? { group: options.group } : {}),
    ...(options.eventClass ? { class: options.eventClass } : {}),
  });
  const body: Record<string, unknown> = {
    routing_key: options.routingKey,
    event_action: 'trigger',
    ...(options.dedupKey ? { dedup_key: options.dedupKey } : {}),
    payload,
    links,
    client: 'Shipline',
    ...(options.runUrl ? { client_url: options.runUrl } : {}),
  };
  return { path: '/v2/enqueue', body, summaryCutFrom };
}

/** Cut visibly: the end says how much was left out, and the whole stays within max. */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  for (let keep = max - 20; keep > 0; keep--) {
    const cut = `${text.slice(0, keep)} … [+${text.length - keep} chars cut]`;
    if (cut.length <= max) return cut;
  }
  return text.slice(0, max);
}

function customDetails(options: PagerDutyOptions): Record<string, unknown> {
  const details: Record<string, unknown> = {
    repository: process.env.GITHUB_REPOSITORY || undefined,
    environment: options.environment,
    version: options.version,
    commit: options.commit,
    run_url: options.runUrl,
    failure_reason: options.failureReason === undefined ? undefined : fit(options.failureReason, MAX_DETAIL),
    stopped_tasks: options.stoppedTasks === undefined ? undefined : stoppedTasks(options.stoppedTasks),
  };
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}

/** deploy-ecs's JSON goes in as JSON (PagerDuty shows its fields); text as its lines. */
function stoppedTasks(text: string): unknown {
  if (text.length <= MAX_DETAIL) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not JSON: lines of text.
    }
  }
  return fit(text, MAX_DETAIL)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function defaultSource(options: PagerDutyOptions): string {
  const repository = process.env.GITHUB_REPOSITORY || 'unknown-repository';
  return options.environment ? `${repository} ${options.environment}` : repository;
}

function runLinks(options: PagerDutyOptions): { href: string; text: string }[] {
  const links: { href: string; text: string }[] = [];
  if (options.runUrl) links.push({ href: options.runUrl, text: 'GitHub Actions run' });
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo } = process.env;
  if (server && repo && options.commit && /^[0-9a-f]{7,40}$/.test(options.commit)) {
    links.push({
      href: `${server}/${repo}/commit/${options.commit}`,
      text: `Commit ${options.commit.slice(0, 7)}`,
    });
  }
  return links;
}
