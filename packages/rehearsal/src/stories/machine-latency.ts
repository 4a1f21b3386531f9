// smoke-test's latency limit on this machine. On AWS the limit (max-p95-ms) is what users may wait;
// here every answer also crosses the stand-in load balancer (and, for real containers, Docker's port
// proxy) in processes that share the machine's cores with everything else it runs: on a busy machine
// hundreds of milliseconds that no release is to blame for, and that vary from one second to the next.
// So before each call the release the environment runs (the previous one) is measured, and twice its
// slowest answer is added both to the limit and to the delay a story's slow release adds: a release is
// judged by the latency it adds, whatever the machine's own.
import { loadActionManifest } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';

/** As smoke-test's defaults: requests per check, and how many are in flight at once. */
const SAMPLES = 20;
const CONCURRENCY = 4;
const TIMEOUT_MS = 5_000;
/**
 * The least allowance: a loaded 2-core CI machine answered a good release's smoke test at p95
 * 520-747 ms when the release measured just before had answered within 31-79 ms.
 */
const MIN_ALLOWANCE_MS = 500;

/** The path smoke-test checks first: the first of `smoke-checks` (a YAML list or lines), else /health. */
export function firstCheckPath(checks: string | undefined): string {
  const text = (checks ?? '').trim();
  if (text === '') return '/health';
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch {
    parsed = undefined;
  }
  const first: unknown = Array.isArray(parsed) ? parsed[0] : text.split('\n')[0]?.trim();
  const path =
    typeof first === 'string' ? first : (first as { path?: unknown } | undefined)?.path?.toString();
  return path?.startsWith('/') ? path : '/health';
}

/** The slowest of `samples` answers (any status) of `url` in ms, `concurrency` requests in flight. */
export async function measureSlowest(
  url: string,
  samples = SAMPLES,
  concurrency = CONCURRENCY,
): Promise<number> {
  let slowest = 0;
  let next = 0;
  const worker = async () => {
    while (next < samples) {
      next++;
      const started = performance.now();
      const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      await response.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, samples) }, worker));
  return slowest;
}

export interface LatencyAllowance {
  /** Added to smoke-test's max-p95-ms and to a slow release's delay: twice the slowest answer. */
  ms: number;
  /** Said in the timeline: what was measured and what it changes. */
  note: string;
  /** smoke-test's inputs with max-p95-ms (given, else its action.yml default) raised by `ms`. */
  adjust(inputs: Record<string, string>, actionDir: string): Record<string, string>;
}

/**
 * Measures the release serving at `smokeUrl` (what reusable-deploy's smoke test calls first) and
 * returns the allowance for this call; undefined without a URL or when nothing answers there.
 */
export async function latencyAllowance(
  smokeUrl: string | undefined,
  smokeChecks: string | undefined,
): Promise<LatencyAllowance | undefined> {
  if (!smokeUrl) return undefined;
  const path = firstCheckPath(smokeChecks);
  const slowest = await measureSlowest(`${smokeUrl.replace(/\/$/, '')}${path}`).catch(() => undefined);
  if (slowest === undefined) return undefined;
  const ms = Math.max(MIN_ALLOWANCE_MS, 2 * Math.ceil(slowest));
  return {
    ms,
    note:
      `the release serving now answers GET ${path} in at most ${Math.ceil(slowest)} ms on this machine ` +
      `(${SAMPLES} requests through the stand-in load balancer): smoke-test's max-p95-ms and a slow ` +
      `release's delay are both raised by twice that, at least ${MIN_ALLOWANCE_MS} ms: by ${ms} ms, so a release is judged by the latency it adds`,
    adjust(inputs, actionDir) {
      const given = inputs['max-p95-ms']?.trim();
      const fallback = loadActionManifest(actionDir).inputs.find((i) => i.name === 'max-p95-ms')?.default;
      const limit = Number(given || fallback);
      return Number.isFinite(limit) ? { ...inputs, 'max-p95-ms': String(limit + ms) } : inputs;
    },
  };
}

/** A story's rule for its release with the allowance added to the delay it gives, if any. */
export function slowerBy<T extends { latencyMs?: number }>(rule: T, allowanceMs = 0): T {
  return rule.latencyMs ? { ...rule, latencyMs: rule.latencyMs + allowanceMs } : rule;
}
