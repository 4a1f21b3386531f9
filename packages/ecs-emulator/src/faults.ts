// Fault injection per API operation: throttling, 5xx, latency, dropped connections, access denied,
// a silent endpoint (the call is accepted and never answered) and a proxy's 502 page.
import { seededRandom } from './random.js';

export type FaultType =
  'throttle' | 'server-error' | 'latency' | 'drop' | 'access-denied' | 'silent' | 'bad-gateway';
const TYPES: readonly FaultType[] = [
  'throttle',
  'server-error',
  'latency',
  'drop',
  'access-denied',
  'silent',
  'bad-gateway',
];

export interface FaultSpec {
  /** Operation name (e.g. "DescribeServices", "GetAuthorizationToken") or "*" (default). */
  operation?: string;
  type: FaultType;
  /** Added latency in real milliseconds (required for type "latency"). */
  latencyMs?: number;
  /** At most one of: probability (seeded), every (every Nth matching call), count (the next N calls). */
  probability?: number;
  seed?: number;
  every?: number;
  count?: number;
  /** Real seconds after which the fault switches itself off. */
  forSeconds?: number;
}

export interface FaultDecision {
  latencyMs: number;
  failure?: Exclude<FaultType, 'latency'>;
}

export class FaultError extends Error {}

interface ActiveFault {
  spec: FaultSpec;
  matched: number;
  fired: number;
  random: () => number;
  expiresAt?: number;
}

export function validateFaults(data: unknown): FaultSpec[] {
  if (data === null || data === undefined) return [];
  const list = Array.isArray(data)
    ? data
    : typeof data === 'object' && 'faults' in data
      ? (data as { faults: unknown }).faults
      : [data];
  if (!Array.isArray(list))
    throw new FaultError('faults must be a list of fault objects, or { "faults": [...] }');
  return list.map((raw, index) => validateFault(raw, index));
}

function validateFault(raw: unknown, index: number): FaultSpec {
  const where = `faults[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new FaultError(`${where} must be an object`);
  const spec = raw as Record<string, unknown>;
  const known = ['operation', 'type', 'latencyMs', 'probability', 'seed', 'every', 'count', 'forSeconds'];
  const unknown = Object.keys(spec).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new FaultError(`${where} has unknown key(s) ${unknown.join(', ')} (known: ${known.join(', ')})`);
  if (!TYPES.includes(spec.type as FaultType)) {
    throw new FaultError(
      `${where}.type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(spec.type)}`,
    );
  }
  if (spec.operation !== undefined && (typeof spec.operation !== 'string' || spec.operation === '')) {
    throw new FaultError(`${where}.operation must be an operation name like "DescribeServices" or "*"`);
  }
  const positive = (key: string, integer: boolean) => {
    const value = spec[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !(value > 0) || (integer && !Number.isInteger(value))) {
      throw new FaultError(
        `${where}.${key} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(value)}`,
      );
    }
  };
  positive('every', true);
  positive('count', true);
  positive('forSeconds', false);
  if (spec.latencyMs !== undefined || spec.type === 'latency') positive('latencyMs', false);
  if (spec.type === 'latency' && spec.latencyMs === undefined)
    throw new FaultError(`${where}.latencyMs is required for type latency`);
  const p = spec.probability;
  if (p !== undefined && (typeof p !== 'number' || !(p >= 0 && p <= 1))) {
    throw new FaultError(`${where}.probability must be between 0 and 1, got ${JSON.stringify(p)}`);
  }
  if (spec.seed !== undefined && !Number.isInteger(spec.seed))
    throw new FaultError(`${where}.seed must be an integer`);
  const modes = ['probability', 'every', 'count'].filter((key) => spec[key] !== undefined);
  if (modes.length > 1)
    throw new FaultError(`${where} may set only one of probability, every, count (got ${modes.join(', ')})`);
  return spec as unknown as FaultSpec;
}

export class FaultSet {
  private active: ActiveFault[];

  constructor(specs: FaultSpec[], now = Date.now()) {
    this.active = specs.map((spec, index) => {
      const fault: ActiveFault = { spec, matched: 0, fired: 0, random: seededRandom(spec.seed ?? index + 1) };
      if (spec.forSeconds !== undefined) fault.expiresAt = now + spec.forSeconds * 1000;
      return fault;
    });
  }

  /** Decides, and counts, what happens to one call of `operation`. */
  decide(operation: string, now = Date.now()): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    if (this.active.length === 0) return decision;
    for (const fault of this.active) {
      const { spec } = fault;
      if (spec.operation !== undefined && spec.operation !== '*' && spec.operation !== operation) continue;
      if (fault.expiresAt !== undefined && now >= fault.expiresAt) continue;
      if (spec.count !== undefined && fault.fired >= spec.count) continue;
      fault.matched++;
      let fires = true;
      if (spec.every !== undefined) fires = fault.matched % spec.every === 0;
      else if (spec.probability !== undefined) fires = fault.random() < spec.probability;
      if (!fires) continue;
      if (spec.type === 'latency') {
        decision.latencyMs += spec.latencyMs ?? 0;
        fault.fired++;
      } else if (decision.failure === undefined) {
        decision.failure = spec.type;
        fault.fired++;
      }
    }
    return decision;
  }

  describe(now = Date.now()): Record<string, unknown>[] {
    return this.active.map((fault) => ({
      ...fault.spec,
      matchedCalls: fault.matched,
      fired: fault.fired,
      active:
        (fault.expiresAt === undefined || now < fault.expiresAt) &&
        (fault.spec.count === undefined || fault.fired < fault.spec.count),
      ...(fault.expiresAt === undefined ? {} : { expiresAt: new Date(fault.expiresAt).toISOString() }),
    }));
  }
}
