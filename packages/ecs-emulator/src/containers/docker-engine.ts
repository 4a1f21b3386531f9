// The few Docker Engine API calls the emulator makes, over the daemon's unix socket (no CLI, no
// dependency): ping, pull, create/start/inspect/stop/remove containers, and the event stream.
import { request, type IncomingMessage } from 'node:http';

export interface EngineResponse {
  status: number;
  body: string;
}

export class DockerEngine {
  constructor(readonly socketPath: string) {}

  /** The socket DOCKER_HOST names (unix:// only), else the default one. */
  static socketFrom(env: NodeJS.ProcessEnv): { socket: string } | { error: string } {
    const host = env.DOCKER_HOST;
    if (!host) return { socket: '/var/run/docker.sock' };
    if (host.startsWith('unix://')) return { socket: host.slice('unix://'.length) };
    return { error: `DOCKER_HOST=${host} is not a unix socket (only unix:// is supported)` };
  }

  private open(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          socketPath: this.socketPath,
          method,
          path,
          headers: {
            ...headers,
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          },
        },
        resolve,
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async call(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
    const res = await this.open(method, path, body, headers);
    let text = '';
    for await (const chunk of res) text += (chunk as Buffer).toString();
    return { status: res.statusCode ?? 0, body: text } satisfies EngineResponse;
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call(method, path, body);
    if (res.status >= 300) throw new EngineError(res.status, messageOf(res.body));
    return (res.body ? JSON.parse(res.body) : {}) as T;
  }

  async ping(): Promise<void> {
    const res = await this.call('GET', '/_ping');
    if (res.status !== 200) throw new EngineError(res.status, res.body);
  }

  /** Pulls `image` (host/repo:tag or @digest); the stream's first error line fails it. */
  // Docker decodes X-Registry-Auth as URL-safe base64 *with* padding (Node's base64url drops it).
  async pull(image: string, auth?: { username: string; password: string; serveraddress: string }) {
    const headers: Record<string, string> = auth
      ? {
          'x-registry-auth': Buffer.from(JSON.stringify(auth))
            .toString('base64')
            .replace(/\+/g, '-')
            .replace(/\//g, '_'),
        }
      : {};
    const res = await this.call(
      'POST',
      `/images/create?fromImage=${encodeURIComponent(image)}`,
      undefined,
      headers,
    );
    if (res.status >= 300) throw new EngineError(res.status, messageOf(res.body));
    for (const line of res.body.split('\n')) {
      if (!line.trim()) continue;
      const error = (JSON.parse(line) as { error?: string }).error;
      if (error) throw new EngineError(500, error);
    }
  }

  async hasImage(image: string): Promise<boolean> {
    const res = await this.call('GET', `/images/${encodeURIComponent(image)}/json`);
    return res.status === 200;
  }

  /** Streams events matching `filters`; `onEnd` when the stream ends other than by stop(). */
  async events(filters: Record<string, string[]>, onEvent: (event: EngineEvent) => void, onEnd = () => {}) {
    const res = await this.open('GET', `/events?filters=${encodeURIComponent(JSON.stringify(filters))}`);
    let buffered = '';
    res.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) onEvent(JSON.parse(line) as EngineEvent);
      }
    });
    let stopped = false;
    let ended = false;
    const end = () => {
      if (stopped || ended) return;
      ended = true;
      onEnd();
    };
    res.on('error', end);
    res.on('end', end);
    res.on('close', end);
    return {
      stop: () => {
        stopped = true;
        res.destroy();
      },
    };
  }
}

export interface EngineEvent {
  Type?: string;
  Action?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export class EngineError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

function messageOf(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body;
  } catch {
    return body;
  }
}
