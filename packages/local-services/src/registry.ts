// A real distribution registry (Debian's docker-registry) on a free loopback port, with htpasswd
// authentication and its own storage, started and stopped by the test that needs it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestRegistry {
  /** http://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port>: what image names start with. */
  host: string;
  username: string;
  password: string;
  /** The registry's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string, port: number, htpasswd: string | undefined): string {
  const auth = htpasswd ? `auth:\n  htpasswd:\n    realm: shipline-test\n    path: ${htpasswd}\n` : '';
  return [
    'version: 0.1',
    'log:\n  level: warn\n  accesslog:\n    disabled: true',
    `storage:\n  filesystem:\n    rootdirectory: ${path.join(dir, 'data')}\n  delete:\n    enabled: true`,
    `http:\n  addr: 127.0.0.1:${port}\n  secret: ${randomBytes(16).toString('hex')}`,
    auth,
  ].join('\n');
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}):\n${log()}`);
    const status = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 || status === 401) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer on ${url} within 15 s:\n${log()}`);
}

export async function startRegistry(options: { username?: string; password?: string; auth?: boolean } = {}) {
  const username = options.username ?? 'ci';
  const password = options.password ?? randomBytes(12).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-registry-'));
  let htpasswd: string | undefined;
  if (options.auth !== false) {
    const made = spawnSync('htpasswd', ['-Bbn', username, password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`htpasswd failed: ${made.stderr}`);
    htpasswd = path.join(dir, 'htpasswd');
    fs.writeFileSync(htpasswd, made.stdout);
  }
  for (let tries = 1; ; tries++) {
    const port = await freePort();
    const file = path.join(dir, 'config.yml');
    fs.writeFileSync(file, config(dir, port, htpasswd));
    const logFile = path.join(dir, 'registry.log');
    const out = fs.openSync(logFile, 'w');
    const child = spawn('docker-registry', ['serve', file], { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    const log = () => fs.readFileSync(logFile, 'utf8');
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilUp(url, child, log);
    } catch (error) {
      child.kill('SIGKILL');
      if (tries < 3 && /address already in use/.test(log())) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const registry: TestRegistry = {
      url,
      host: `127.0.0.1:${port}`,
      username,
      password,
      log,
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
    return registry;
  }
}

/** The digest the registry stores for repository:tag (its Docker-Content-Digest), read directly. */
export async function registryDigest(registry: TestRegistry, repository: string, tag: string) {
  const response = await fetch(`${registry.url}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`,
      accept: [
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
      ].join(', '),
    },
  });
  return response.ok ? (response.headers.get('docker-content-digest') ?? undefined) : undefined;
}
