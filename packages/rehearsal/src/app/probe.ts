// A probe of the application as ECS would run it: the image built from its Dockerfile, one
// container per task definition started with that definition's user, environment and command, then
// the ports its processes really listen on (read from the container's own socket table) and the
// definition's health check command run inside it, as ECS runs it, until it passes, cannot pass, or
// the probe's time is up.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { failureSettled } from './probe-settled.js';

const docker = (args: string[], timeout = 60_000) =>
  spawnSync('docker', args, { encoding: 'utf8', timeout, maxBuffer: 16 * 1024 * 1024 });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BuiltImage {
  ok: boolean;
  image: string;
  /** `amd64`, `arm64`: what the image runs on. */
  architecture?: string;
  error?: string;
}

/** Builds the app's image (the classic builder, as build-and-push without buildx) under a local tag. */
export function buildImage(context: string, dockerfile: string): BuiltImage {
  // One tag per run: two rehearsals of one app at once (a test and a bench) must not untag each other's.
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const image = `shipline-rehearsal-probe:${createHash('sha1').update(context).digest('hex').slice(0, 12)}-${run}`;
  const built = docker(['build', '-q', '-t', image, '-f', dockerfile, context], 10 * 60_000);
  if (built.status !== 0) {
    const lines = `${built.stderr}`
      .split('\n')
      .filter((l) => l.trim() !== '' && !/DEPRECATED|buildx|BuildKit|docs\.docker/.test(l));
    return { ok: false, image, error: lines.slice(-2).join(' ').slice(0, 300) || `exit ${built.status}` };
  }
  const arch = docker(['image', 'inspect', '-f', '{{.Architecture}}', image]).stdout.trim();
  return { ok: true, image, architecture: arch };
}

export interface ContainerSpec {
  user?: string;
  environment: Record<string, string>;
  command?: string[];
  /** `['CMD-SHELL', '…']` or `['CMD', …]`, as in a task definition. */
  healthCheck?: string[];
  /** Requests to make from here before the container goes (`3000/health`): their HTTP status. */
  asks?: { port: number; path: string }[];
}

export interface ProbeResult {
  /** Ports some process of the container listens on (TCP, IPv4 or IPv6). */
  listening: number[];
  /** The health check command's exit code inside the container, after retries (undefined: none). */
  healthExit?: number;
  /** The container's address on docker's bridge, for a request from here. */
  address?: string;
  /** Set when the container stopped before it could be probed. */
  exited?: { code: number; logs: string };
  /** The status each of `asks` got, by `port + path` (0: no answer). */
  answers: Record<string, number>;
}

/** The LISTEN sockets of the process `pid` (its network namespace's /proc/<pid>/net/tcp{,6}). */
function listeningPorts(pid: string): number[] {
  const ports = new Set<number>();
  for (const table of ['tcp', 'tcp6']) {
    const file = `/proc/${pid}/net/${table}`;
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local) ports.add(parseInt(local.split(':').pop()!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * Runs one container of `image` as `spec` says, probes it for up to `waitMs` (less once a failing
 * health check cannot pass: probe-settled.ts), then removes it.
 */
export async function probeContainer(
  image: string,
  spec: ContainerSpec,
  waitMs = 15_000,
): Promise<ProbeResult> {
  const env = Object.entries(spec.environment).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const user = spec.user ? ['--user', spec.user] : [];
  const started = docker(['run', '-d', ...user, ...env, image, ...(spec.command ?? [])]);
  const id = started.stdout.trim();
  if (started.status !== 0 || !id)
    return {
      listening: [],
      answers: {},
      exited: { code: started.status ?? -1, logs: started.stderr.trim() },
    };
  try {
    const deadline = Date.now() + waitMs;
    let result: ProbeResult = { listening: [], answers: {} };
    let listeningSince: number | undefined;
    for (;;) {
      const state = docker([
        'inspect',
        '-f',
        '{{.State.Running}} {{.State.Pid}} {{.State.ExitCode}} {{.NetworkSettings.IPAddress}}',
        id,
      ])
        .stdout.trim()
        .split(' ');
      if (state[0] !== 'true') {
        const logs = `${docker(['logs', '--tail', '5', id]).stderr}`.trim();
        return { listening: [], answers: {}, exited: { code: Number(state[2]), logs } };
      }
      result = { listening: listeningPorts(state[1]!), address: state[3], answers: {} };
      if (result.listening.length > 0) listeningSince ??= Date.now();
      const check = spec.healthCheck ?? [];
      if (check.length > 1) {
        const command =
          check[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', check.slice(1).join(' ')] : check.slice(1);
        result.healthExit = docker(['exec', id, ...command], 10_000).status ?? -1;
        // Read again: the app may have started listening while the check ran.
        if (result.healthExit === 0) {
          result.listening = listeningPorts(state[1]!);
          break;
        }
        if (result.listening.length > 0) await askAll(result, spec);
        if (cannotPass(result, spec, Date.now() - (listeningSince ?? Date.now()))) return result;
      } else if (result.listening.length > 0) break;
      if (Date.now() > deadline) break;
      await sleep(500);
    }
    await askAll(result, spec);
    return result;
  } finally {
    docker(['rm', '-f', id]);
  }
}

/** A failed check that waiting will not turn into a pass (probe-settled.ts). */
function cannotPass(result: ProbeResult, spec: ContainerSpec, listeningForMs: number): boolean {
  const asks = (spec.asks ?? []).map((a) => ({ ...a, status: result.answers[`${a.port}${a.path}`] ?? 0 }));
  const { healthExit = -1, listening } = result;
  return failureSettled({ healthExit, listening, listeningForMs, asks });
}

/** Sets the status each of `spec.asks` answers with now. */
async function askAll(result: ProbeResult, spec: ContainerSpec): Promise<void> {
  for (const ask of spec.asks ?? [])
    result.answers[`${ask.port}${ask.path}`] = await statusOf(result.address, ask.port, ask.path);
}

/** The HTTP status `path` answers with on the container's `port` (0: no answer). */
async function statusOf(address: string | undefined, port: number, path: string): Promise<number> {
  if (!address) return 0;
  try {
    const response = await fetch(`http://${address}:${port}${path}`, { signal: AbortSignal.timeout(3_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}
