// What PagerDuty's Events API v2 refuses, field by field, and the shapes it answers with.
// Source: https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ (alert events),
// https://developer.pagerduty.com/docs/events-api-v2/send-change-events/ (change events),
// https://developer.pagerduty.com/docs/events-api-v2/overview/ (response codes, 512 KB limit).
import type { AlertAction } from './pagerduty-types.js';
import { isRecord } from './stand-in-server.js';

export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export const ALERT_ACTIONS: readonly AlertAction[] = ['trigger', 'acknowledge', 'resolve'];
export const MAX_SUMMARY = 1_024;
export const MAX_DEDUP_KEY = 255;
export const MAX_BODY_BYTES = 512 * 1_024;

/** 400 as PagerDuty sends it: `{status: "invalid event", message, errors: [...]}`. */
export interface Invalid {
  status: 'invalid event';
  message: string;
  errors: string[];
}

export function invalid(...errors: string[]): Invalid {
  return { status: 'invalid event', message: 'Event object is invalid', errors };
}

/** The problems PagerDuty names for an alert event (empty when it is accepted). */
export function alertProblems(body: Record<string, unknown>): string[] {
  const problems = routingKeyProblems(body.routing_key);
  const action = body.event_action;
  if (!ALERT_ACTIONS.includes(action as AlertAction)) {
    problems.push("'event_action' is missing or blank or invalid");
    return problems;
  }
  const dedupKey = body.dedup_key;
  if (dedupKey !== undefined && (typeof dedupKey !== 'string' || dedupKey.length > MAX_DEDUP_KEY)) {
    problems.push(`'dedup_key' must be a string of at most ${MAX_DEDUP_KEY} characters`);
  }
  if (action !== 'trigger') {
    if (typeof dedupKey !== 'string' || dedupKey === '') problems.push("'dedup_key' is missing or blank");
    return problems;
  }
  const payload = body.payload;
  if (!isRecord(payload)) return [...problems, "'payload' is missing or not an object"];
  problems.push(...summaryProblems(payload.summary, 'payload.summary'));
  if (typeof payload.source !== 'string' || payload.source.trim() === '') {
    problems.push("'payload.source' is missing or blank");
  }
  if (!SEVERITIES.includes(payload.severity as (typeof SEVERITIES)[number])) {
    problems.push("'payload.severity' is missing or blank or invalid");
  }
  problems.push(...detailsAndLinkProblems(payload.custom_details, body.links));
  return problems;
}

/** The problems PagerDuty names for a change event. */
export function changeProblems(body: Record<string, unknown>): string[] {
  const problems = routingKeyProblems(body.routing_key);
  const payload = body.payload;
  if (!isRecord(payload)) return [...problems, "'payload' is missing or not an object"];
  problems.push(...summaryProblems(payload.summary, 'payload.summary'));
  problems.push(...detailsAndLinkProblems(payload.custom_details, body.links));
  return problems;
}

function routingKeyProblems(key: unknown): string[] {
  if (typeof key !== 'string' || key === '') return ["'routing_key' is missing or blank"];
  // Integration keys are 32 characters; the real service answers an unknown one with 400 too.
  return key.length === 32 ? [] : ["'routing_key' must be 32 characters"];
}

function summaryProblems(summary: unknown, field: string): string[] {
  if (typeof summary !== 'string' || summary.trim() === '') return [`'${field}' is missing or blank`];
  return summary.length > MAX_SUMMARY ? [`'${field}' is longer than ${MAX_SUMMARY} characters`] : [];
}

/** What both kinds of event check alike: custom_details is an object, each link has an href. */
function detailsAndLinkProblems(customDetails: unknown, links: unknown): string[] {
  const problems: string[] = [];
  if (customDetails !== undefined && !isRecord(customDetails)) {
    problems.push("'payload.custom_details' must be an object");
  }
  const linksOk =
    links === undefined ||
    (Array.isArray(links) && links.every((l) => isRecord(l) && typeof l.href === 'string'));
  if (!linksOk) problems.push("'links' must be a list of objects with an 'href'");
  return problems;
}
