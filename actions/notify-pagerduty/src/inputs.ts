// Reads and validates every input of notify-pagerduty into PagerDutyOptions before any call.
import * as core from '@actions/core';
import {
  InputError,
  InputErrors,
  maskSecret,
  readBoolean,
  readDuration,
  readEnum,
  readInputs,
  readString,
  readUrl,
} from '@shipline/toolkit';

export const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve', 'change'] as const;
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];
export type Severity = (typeof SEVERITIES)[number];

export interface PagerDutyOptions {
  routingKey: string;
  eventAction: EventAction;
  severity: Severity;
  summary?: string;
  /** Undefined only for a trigger without dedup-key or environment: PagerDuty then makes one up. */
  dedupKey?: string;
  environment?: string;
  source?: string;
  component?: string;
  group?: string;
  eventClass?: string;
  version?: string;
  commit?: string;
  failureReason?: string;
  stoppedTasks?: string;
  runUrl?: string;
  eventsUrl: URL;
  failOnError: boolean;
  retryBudgetMs: number;
}

/** Integration keys are 32 letters and digits (service keys hex, ruleset keys starting with R). */
const ROUTING_KEY = /^[A-Za-z0-9]{32}$/;
const MAX_DEDUP_KEY = 255;
const text = (name: string, example: string) => () => readString(name, { example });
const multiline = (name: string, example: string) => () => readString(name, { example, multiline: true });

/** Reads and checks every input; all problems are reported together, before any call. */
export function readPagerDutyOptions(env: NodeJS.ProcessEnv = process.env): PagerDutyOptions {
  // Masked before it is checked: whatever happens next, no log line can show it.
  maskSecret(core.getInput('routing-key'));
  const read = readInputs({
    routingKey: () =>
      readString('routing-key', {
        required: true,
        secret: true,
        pattern: ROUTING_KEY,
        patternHint: "32 letters and digits (the Integration Key of the service's Events API v2 integration)",
        example: '${{ secrets.PAGERDUTY_ROUTING_KEY }}',
      }),
    eventAction: () => readEnum('event-action', EVENT_ACTIONS, { default: 'trigger' as EventAction }),
    severity: () => readEnum('severity', SEVERITIES, { default: 'error' as Severity }),
    summary: text('summary', 'acme/shop production is down: v42 and the rollback to v41 failed'),
    dedupKey: () =>
      readString('dedup-key', {
        example: 'acme/shop/production',
        pattern: new RegExp(`^.{1,${MAX_DEDUP_KEY}}$`, 'u'),
        patternHint: `at most ${MAX_DEDUP_KEY} characters`,
      }),
    environment: text('environment', 'production'),
    source: text('source', 'acme/shop production (ECS service shop-web)'),
    component: text('component', 'shop-web'),
    group: text('group', 'production'),
    eventClass: text('class', 'deploy'),
    version: text('version', 'v42'),
    commit: text('commit', '0123456789abcdef0123456789abcdef01234567'),
    failureReason: multiline('failure-reason', 'smoke test failed: /health answered 503'),
    stoppedTasks: multiline('stopped-tasks', 'task 1a2b: Essential container exited (exit code 1)'),
    runUrl: () => readUrl('run-url', { example: 'https://github.com/acme/shop/actions/runs/42' })?.href,
    eventsUrl: () =>
      readUrl('events-url', {
        default: new URL('https://events.pagerduty.com'),
        httpOnlyOnLoopback: true,
        protocols: ['https:', 'http:'],
        example: 'https://events.pagerduty.com (or http://127.0.0.1:PORT for a local stand-in)',
      }),
    failOnError: () => readBoolean('fail-on-error', { default: true }),
    retryBudgetMs: () =>
      readDuration('retry-budget', { default: 60_000, minMs: 1_000, maxMs: 600_000, example: '1m' }),
  });
  const options: PagerDutyOptions = { ...read, runUrl: read.runUrl ?? defaultRunUrl(env) };
  options.commit ??= env.GITHUB_SHA || undefined;
  options.dedupKey ??= defaultDedupKey(env, options.environment);
  const problems: InputError[] = [];
  const needsSummary = options.eventAction === 'trigger' || options.eventAction === 'change';
  if (needsSummary && !options.summary) {
    problems.push(
      new InputError(
        'summary',
        `is required for event-action ${options.eventAction}`,
        'acme/shop production is down',
      ),
    );
  }
  if ((options.eventAction === 'acknowledge' || options.eventAction === 'resolve') && !options.dedupKey) {
    const problem = `is required for event-action ${options.eventAction} (or give environment: the key is then <repository>/<environment>, as the trigger used)`;
    problems.push(new InputError('dedup-key', problem, 'acme/shop/production'));
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return options;
}

/** The same key for every event about one repository's environment: a resolve finds its trigger. */
function defaultDedupKey(env: NodeJS.ProcessEnv, environment: string | undefined): string | undefined {
  if (!environment) return undefined;
  return `${env.GITHUB_REPOSITORY || 'unknown-repository'}/${environment}`.slice(0, MAX_DEDUP_KEY);
}

function defaultRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}
