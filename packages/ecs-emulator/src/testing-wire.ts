// ECS calls over the JSON 1.1 wire protocol with fetch, for tests and benchmarks in packages that
// have no ECS SDK client (e.g. the docker package's real-container tests).
import type { EmulatorHandle } from './emulator.js';

export type WireJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One ECS operation (e.g. 'CreateService') with its JSON body; an error answer throws. */
export async function ecsCall(
  emulator: Pick<EmulatorHandle, 'url'>,
  operation: string,
  body: WireJson,
): Promise<WireJson> {
  const res = await fetch(emulator.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as WireJson;
  if (!res.ok) throw new Error(`${operation}: ${JSON.stringify(json)}`);
  return json;
}
