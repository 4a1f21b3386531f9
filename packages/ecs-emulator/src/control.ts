// Control endpoints under /_emulator/: state, scenario table, faults, reset.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { FaultError, validateFaults, type FaultSpec } from './faults.js';
import { sendJson } from './http-util.js';
import { ScenarioError, validateScenarios, type ScenarioEntry } from './scenarios.js';

export const CONTROL_PREFIX = '/_emulator/';

export interface ControlHost {
  state(): unknown;
  setScenarios(rules: ScenarioEntry[]): void;
  setFaults(faults: FaultSpec[]): void;
  reset(): void;
}

const ENDPOINTS =
  'GET /_emulator/state, POST /_emulator/scenario, POST /_emulator/faults, POST /_emulator/reset';

class BadInput extends Error {}

/** Control bodies are JSON; the scenario endpoint also takes YAML (a superset of JSON). */
function parseBody(raw: string, what: string): unknown {
  if (raw.trim() === '') throw new BadInput(`${what}: the request body is empty`);
  try {
    return parseYaml(raw);
  } catch (error) {
    throw new BadInput(`${what}: the body is not valid JSON/YAML: ${(error as Error).message}`);
  }
}

export function handleControl(
  host: ControlHost,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  raw: string,
) {
  const endpoint = path.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  const method = req.method ?? 'GET';
  const wrongMethod = (expected: string) =>
    sendJson(res, 405, { message: `${method} not allowed on ${path}; use ${expected}` }, { allow: expected });
  try {
    switch (endpoint) {
      case 'state':
        if (method !== 'GET') return wrongMethod('GET');
        return sendJson(res, 200, host.state());
      case 'scenario': {
        if (method !== 'POST') return wrongMethod('POST');
        const rules = validateScenarios(parseBody(raw, 'scenario'));
        host.setScenarios(rules);
        return sendJson(res, 200, { scenarios: rules });
      }
      case 'faults': {
        if (method !== 'POST') return wrongMethod('POST');
        const faults = validateFaults(parseBody(raw, 'faults'));
        host.setFaults(faults);
        return sendJson(res, 200, { faults });
      }
      case 'reset':
        if (method !== 'POST') return wrongMethod('POST');
        host.reset();
        return sendJson(res, 200, { reset: true });
      default:
        return sendJson(res, 404, { message: `Unknown control endpoint ${path}; known: ${ENDPOINTS}` });
    }
  } catch (error) {
    if (error instanceof BadInput || error instanceof ScenarioError || error instanceof FaultError) {
      return sendJson(res, 400, { message: error.message });
    }
    throw error;
  }
}
