// Whether the real parts are here (a docker daemon, the docker-registry binary, htpasswd), and a
// recording docker wrapper. No Jest in here: the benchmark uses these too.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Availability = { ok: true } | { ok: false; reason: string };

/** The first executable called `name` on PATH. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

let daemon: Availability | undefined;

export function dockerAvailability(): Availability {
  if (daemon) return daemon;
  if (!which('docker')) return (daemon = { ok: false, reason: 'no docker CLI on PATH' });
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  daemon =
    info.status === 0
      ? { ok: true }
      : {
          ok: false,
          reason: `no docker daemon (docker info: ${(info.stderr || info.error?.message || '').trim().split('\n')[0]})`,
        };
  return daemon;
}

export function registryAvailability(): Availability {
  if (!which('docker-registry'))
    return { ok: false, reason: 'no docker-registry binary (apt-get install docker-registry)' };
  if (!which('htpasswd')) return { ok: false, reason: 'no htpasswd (apt-get install apache2-utils)' };
  return { ok: true };
}

/** Removes every local image whose repository starts with `prefix` (e.g. `127.0.0.1:5123/`), untagged ones too. */
export function removeImages(prefix: string): void {
  const list = spawnSync('docker', ['images', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}'], {
    encoding: 'utf8',
  });
  const ids = (list.stdout ?? '')
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([, ref]) => ref?.startsWith(prefix))
    .map(([id]) => id as string);
  if (ids.length > 0) spawnSync('docker', ['rmi', '--force', ...new Set(ids)], { encoding: 'utf8' });
}

export interface FakeDocker {
  /** Put first on PATH. */
  binDir: string;
  /** Every docker invocation, as its argument list. */
  calls(): string[][];
  /** Forgets the calls so far. */
  reset(): void;
  remove(): void;
}

/**
 * A `docker` that records each call and then runs the real one, except that buildx is missing
 * (as on these machines): tests get the classic path wherever they run, and can assert which
 * docker commands ran (none, for a bad input).
 */
export function fakeDocker(options: { buildx?: boolean } = {}): FakeDocker {
  const real = which('docker') ?? '/usr/bin/docker';
  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-docker-'));
  const log = path.join(binDir, 'calls.log');
  fs.writeFileSync(log, '');
  const noBuildx = options.buildx
    ? ''
    : `if [ "$1" = buildx ]; then echo "docker: unknown command: docker buildx" >&2; exit 1; fi\n`;
  fs.writeFileSync(
    path.join(binDir, 'docker'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n${noBuildx}exec '${real}' "$@"\n`,
    { mode: 0o755 },
  );
  return {
    binDir,
    calls: () =>
      fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split(' ')),
    reset: () => fs.writeFileSync(log, ''),
    remove: () => fs.rmSync(binDir, { recursive: true, force: true }),
  };
}
