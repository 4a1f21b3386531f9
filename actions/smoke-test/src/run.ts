// The behaviour: wait until every check passes once, then sample them all; clients come in as deps.
import {
  CancelledError,
  formatDuration,
  poll,
  PollTimeoutError,
  type ActionLog,
  type Clock,
} from '@shipline/toolkit';
import type { Check } from './checks.js';
import { decidedFailure } from './decided.js';
import { evaluate, why, type Observation } from './evaluate.js';
import { mergeHeaders, NoAnswerError, send, type RequestSpec } from './http.js';
import type { CheckRun, SmokeOptions, SmokeRun } from './types.js';

export interface RunDeps {
  signal: AbortSignal;
  log: ActionLog;
  clock?: Clock;
  send?: typeof send;
}

/** Waits until every check passes once, then samples them all with the given concurrency. */
export async function run(options: SmokeOptions, deps: RunDeps): Promise<SmokeRun> {
  if (options.insecureTls && options.url.protocol === 'https:') {
    deps.log.warning(
      'insecure-tls is on: any certificate is accepted, so this run cannot tell the real service from another.',
    );
  }
  const runs: CheckRun[] = options.checks.map((check) => ({
    check,
    healthy: false,
    attempts: 0,
    samples: [],
  }));
  const result: SmokeRun = { checks: runs };
  const observe = observer(options, deps);
  try {
    const started = performance.now();
    const healthy = await deps.log.group(
      `Waiting up to ${formatDuration(options.waitUntilHealthyMs)} for ${runs.length} check(s) to pass`,
      () => waitUntilHealthy(runs, options, deps, observe),
    );
    if (!healthy) return result;
    result.healthyAfterMs = performance.now() - started;
    await deps.log.group(
      `Sampling: ${options.samples} request(s) per check, ${options.concurrency} at a time`,
      () => sample(result, options, deps, observe),
    );
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    result.cancelled = error.reason;
  }
  return result;
}

type Observe = (check: Check) => Promise<Observation>;

function observer(options: SmokeOptions, deps: RunDeps): Observe {
  const sendRequest = deps.send ?? send;
  const base = options.url.href.replace(/\/+$/, '');
  return async (check) => {
    const spec: RequestSpec = {
      url: new URL(base + check.path),
      method: check.method,
      headers: mergeHeaders(options.headers, check.headers),
      body: check.body,
      followRedirects: check.followRedirects,
      timeoutMs: options.requestTimeoutMs,
      insecureTls: options.insecureTls,
    };
    const started = performance.now();
    try {
      return evaluate(check, await sendRequest(spec, deps.signal), options.version);
    } catch (error) {
      if (!(error instanceof NoAnswerError)) throw error;
      const timedOut = error.kind === 'timeout';
      // A timed-out request took at least request-timeout: leaving it out of the percentiles
      // would let hanging requests make p95 look better.
      const latencyMs = timedOut
        ? Math.max(performance.now() - started, options.requestTimeoutMs)
        : undefined;
      return { redirects: [], problem: error.message, timedOut, latencyMs };
    }
  };
}

async function waitUntilHealthy(
  runs: CheckRun[],
  options: SmokeOptions,
  deps: RunDeps,
  observe: Observe,
): Promise<boolean> {
  const clock = deps.clock;
  const deadline = (clock?.now() ?? Date.now()) + options.waitUntilHealthyMs;
  try {
    await poll({
      deadline,
      minIntervalMs: 500,
      maxIntervalMs: 5_000,
      signal: deps.signal,
      clock,
      check: async () => {
        const pending = runs.filter((r) => !r.healthy);
        await Promise.all(
          pending.map(async (run) => {
            run.attempts++;
            run.last = await observe(run.check);
            run.healthy = !run.last.problem && !run.last.versionProblem;
            const verdict = run.healthy
              ? `passed (${Math.round(run.last.latencyMs ?? 0)} ms)`
              : why(run.last);
            deps.log.info(`${run.check.name}: attempt ${run.attempts} ${verdict}`);
          }),
        );
        const failing = runs.filter((r) => !r.healthy);
        return {
          done: failing.length === 0,
          value: failing.length,
          fingerprint: failing.map((r) => `${r.check.name}=${r.last ? why(r.last) : ''}`).join('\n'),
        };
      },
      onWait: ({ value, nextInMs }) => {
        const left = Math.max(0, deadline - (clock?.now() ?? Date.now()));
        deps.log.info(
          `${value} of ${runs.length} check(s) not passing yet; next try in ${formatDuration(nextInMs)} (${formatDuration(left)} left)`,
        );
      },
    });
    deps.log.info(`All ${runs.length} check(s) passed.`);
    return true;
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) throw error;
    return false;
  }
}

/**
 * Spreads samples × checks requests over `concurrency` workers, interleaving the checks. Stops
 * sending once a check fails whatever the rest would answer (requests in flight still count).
 */
async function sample(result: SmokeRun, options: SmokeOptions, deps: RunDeps, observe: Observe) {
  const runs = result.checks;
  const queue = Array.from(
    { length: options.samples * runs.length },
    (_, i) => runs[i % runs.length] as CheckRun,
  );
  const total = queue.length;
  let done = 0;
  let lastReport = performance.now();
  const worker = async (): Promise<void> => {
    for (let run = queue.shift(); run; run = queue.shift()) {
      run.samples.push(await observe(run.check));
      done++;
      const decided = result.stoppedEarly ? undefined : decidedFailure(run, options);
      if (decided) {
        result.stoppedEarly = { requests: done, planned: total, check: run.check.name, reason: decided };
        deps.log.info(
          `Stopping after ${done} of ${total} sample requests: ${run.check.name} fails whatever the rest answer (${decided}).`,
        );
        queue.length = 0;
      }
      if (performance.now() - lastReport > 2_000) {
        lastReport = performance.now();
        deps.log.info(`${done} of ${total} sample requests done`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, total) }, worker));
  deps.log.info(`${done} sample request(s) done.`);
}
