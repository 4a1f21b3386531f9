// The ECS side of the hostile-input suites (issue #15): the emulator behind a proxy that appends
// hostile text to every message ECS writes (service events, stoppedReason, container reasons, rollout
// reasons) and answers errors with a message echoing the step's AWS credentials.
import fc from 'fast-check';
import type { EmulatorHandle } from '@shipline/ecs-emulator';
import { ecsClient, startTestEmulator } from '@shipline/ecs-emulator/testing';
import { startRewritingProxy, type LocalServer } from './hostile-servers.js';
import { echo, hostileText, renderEcho, type Echo } from './hostile-text.js';

/** AWS credentials as a workflow gets them from secrets (the emulator accepts any signature). */
export const AWS_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+hostileSecretKey0';
export const AWS_SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEHostileSessionToken0123456789';

/** What ECS says, made hostile: appended to its messages; its errors echo a credential. */
export interface EcsHostility {
  text: string;
  echo: Echo;
  fault?: { operation: string; type: 'server-error' | 'access-denied' | 'throttle'; count: number };
}

export function ecsHostility(operations: string[]): fc.Arbitrary<EcsHostility> {
  const fault = fc.record({
    operation: fc.constantFrom(...operations),
    type: fc.constantFrom('server-error' as const, 'access-denied' as const, 'throttle' as const),
    count: fc.integer({ min: 1, max: 3 }),
  });
  return fc.record({ text: hostileText(), echo: echo(), fault });
}

const MESSAGE_KEYS = new Set(['message', 'stoppedReason', 'reason', 'rolloutStateReason', 'statusReason']);

function plant(json: unknown, text: string): unknown {
  if (Array.isArray(json)) return json.map((item) => plant(item, text));
  if (typeof json !== 'object' || json === null) return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [
      key,
      MESSAGE_KEYS.has(key) && typeof value === 'string' ? `${value} ${text}` : plant(value, text),
    ]),
  );
}

export interface HostileEcs {
  emulator: EmulatorHandle;
  /** A client straight to the emulator, for setting services up. */
  ecs: ReturnType<typeof ecsClient>;
  /** The step's environment: endpoints through the proxy, the credentials above. */
  env: Record<string, string>;
  secrets: string[];
  /** Calls the step made through the proxy. */
  proxy: LocalServer;
  /** Sets what ECS says from now on (undefined: ECS as it is) and its fault. */
  use(hostility: EcsHostility | undefined): void;
  close(): Promise<void>;
}

export async function startHostileEcs(
  scenarios: Parameters<typeof startTestEmulator>[0] = {},
): Promise<HostileEcs> {
  const emulator = await startTestEmulator(scenarios);
  const secrets = [AWS_SECRET_KEY, AWS_SESSION_TOKEN];
  let current: EcsHostility | undefined;
  const proxy = await startRewritingProxy(emulator.url, (json, _operation, status) => {
    if (!current) return json;
    if (status >= 400 && typeof json === 'object' && json !== null) {
      return {
        ...json,
        message: renderEcho(current.echo, secrets),
        Message: renderEcho(current.echo, secrets),
      };
    }
    return plant(json, current.text);
  });
  return {
    emulator,
    ecs: ecsClient(emulator),
    env: {
      ...emulator.env,
      AWS_ENDPOINT_URL_ECS: proxy.url,
      AWS_ENDPOINT_URL_ECR: proxy.url,
      AWS_SECRET_ACCESS_KEY: AWS_SECRET_KEY,
      AWS_SESSION_TOKEN,
    },
    secrets,
    proxy,
    use(hostility) {
      current = hostility;
      emulator.setFaults(hostility?.fault ? [hostility.fault] : []);
    },
    async close() {
      await proxy.close();
      await emulator.close();
    },
  };
}
