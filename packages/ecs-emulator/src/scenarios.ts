// The scenario table: ordered rules, first match on the task's image decides what the task does.
import { parse as parseYaml } from 'yaml';
import {
  DeployRuleError,
  validateAlarmRule,
  validateHookRule,
  type AlarmRule,
  type HookRule,
} from './scenario-deploy-rules.js';

export type { AlarmRule, HookRule };

export interface ScenarioRule {
  /** Glob (`*` any run of characters, `?` one) over the whole image, or `/regex/flags`. */
  image: string;
  behaviour?: 'healthy' | 'crash-on-start';
  /** Seconds (simulated) after becoming healthy that health checks start failing; 0 = never healthy. */
  unhealthyAfter?: number;
  /** Extra seconds (simulated) the task spends PENDING before it runs. */
  slowStart?: number;
  exitCode?: number;
  /** Version the load balancer reports for this task (default: APP_VERSION, else the image tag). */
  version?: string;
  /** Real milliseconds the load balancer waits before answering. */
  latencyMs?: number;
  /** Fraction (0..1) of load-balancer answers that are HTTP 500. */
  errorRate?: number;
  /** One-off tasks (RunTask): simulated seconds the essential container runs before it exits (default 3). */
  runFor?: number;
  /** One-off tasks: what the essential container writes to its awslogs stream over its run. */
  logLines?: string[];
  /** One-off tasks: RunTask answers with this `failures` reason and starts nothing (e.g. no capacity). */
  runTaskFailure?: string;
  /** One-off tasks: the image cannot be pulled; the task stops before RUNNING (CannotPullContainerError). */
  cannotPull?: boolean;
}

export interface Behaviour {
  crashOnStart: boolean;
  exitCode: number;
  unhealthyAfter?: number;
  slowStart: number;
  version?: string;
  latencyMs: number;
  errorRate: number;
  /** The rule's image pattern, or undefined for the default (healthy). */
  matchedRule?: string;
  /** One-off tasks (model-one-off.ts): run time, exit code (default 0), log lines, RunTask failure, pull error. */
  oneOff: {
    runFor: number;
    exitCode: number;
    logLines: string[];
    runTaskFailure?: string;
    cannotPull: boolean;
  };
}

const KEYS: Record<string, keyof ScenarioRule> = {
  image: 'image',
  behaviour: 'behaviour',
  behavior: 'behaviour',
  unhealthyafter: 'unhealthyAfter',
  slowstart: 'slowStart',
  exitcode: 'exitCode',
  version: 'version',
  latencyms: 'latencyMs',
  errorrate: 'errorRate',
  runfor: 'runFor',
  loglines: 'logLines',
  runtaskfailure: 'runTaskFailure',
  cannotpull: 'cannotPull',
};

export class ScenarioError extends Error {}

/** Any rule of the table: a task's behaviour by image, a Lambda hook's answer, or an alarm. */
export type ScenarioEntry = ScenarioRule | HookRule | AlarmRule;

/** Simulated seconds a one-off task with no rule runs before its essential container exits 0. */
export const ONE_OFF_RUN_FOR = 3;

/** Parses a scenario table from YAML or JSON text: a list of rules, or `{ scenarios: [...] }`. */
export function parseScenarioText(text: string): ScenarioEntry[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ScenarioError(`scenario file is not valid YAML/JSON: ${(error as Error).message}`);
  }
  return validateScenarios(data);
}

export function validateScenarios(data: unknown): ScenarioEntry[] {
  if (data === null || data === undefined) return [];
  const list = Array.isArray(data) ? data : (data as Record<string, unknown>).scenarios;
  if (!Array.isArray(list)) {
    throw new ScenarioError('scenarios must be a list of rules, or an object with a "scenarios" list');
  }
  return list.map((raw, index) => validateEntry(raw, index));
}

function validateEntry(raw: unknown, index: number): ScenarioEntry {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const where = `scenarios[${index}]`;
    try {
      if ('hook' in raw) return validateHookRule(raw as Record<string, unknown>, where);
      if ('alarm' in raw) return validateAlarmRule(raw as Record<string, unknown>, where);
    } catch (error) {
      if (error instanceof DeployRuleError) throw new ScenarioError(error.message);
      throw error;
    }
  }
  return validateRule(raw, index);
}

function validateRule(raw: unknown, index: number): ScenarioRule {
  const where = `scenarios[${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ScenarioError(`${where} must be an object`);
  const rule: Partial<Record<keyof ScenarioRule, unknown>> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = KEYS[key.toLowerCase().replace(/[-_]/g, '')];
    if (!field) {
      throw new ScenarioError(`${where} has unknown key '${key}' (known: ${Object.keys(KEYS).join(', ')})`);
    }
    rule[field] = value;
  }
  if (typeof rule.image !== 'string' || rule.image === '') {
    throw new ScenarioError(`${where}.image is required, e.g. "*:bad-*" or "/:v2$/"`);
  }
  compilePattern(rule.image, where);
  if (rule.behaviour !== undefined && rule.behaviour !== 'healthy' && rule.behaviour !== 'crash-on-start') {
    throw new ScenarioError(
      `${where}.behaviour must be "healthy" or "crash-on-start", got ${JSON.stringify(rule.behaviour)}`,
    );
  }
  checkOneOffFields(rule, where);
  for (const field of ['unhealthyAfter', 'slowStart', 'latencyMs'] as const) {
    const value = rule[field];
    if (value !== undefined && (typeof value !== 'number' || !(value >= 0))) {
      throw new ScenarioError(`${where}.${field} must be a number >= 0, got ${JSON.stringify(value)}`);
    }
  }
  if (rule.exitCode !== undefined && !Number.isInteger(rule.exitCode)) {
    throw new ScenarioError(`${where}.exitCode must be an integer`);
  }
  const rate = rule.errorRate;
  if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
    throw new ScenarioError(
      `${where}.errorRate must be a number between 0 and 1, got ${JSON.stringify(rate)}`,
    );
  }
  if (rule.version !== undefined && typeof rule.version !== 'string') {
    throw new ScenarioError(`${where}.version must be a string`);
  }
  return rule as ScenarioRule;
}

function checkOneOffFields(rule: Partial<Record<keyof ScenarioRule, unknown>>, where: string): void {
  if (rule.runFor !== undefined && (typeof rule.runFor !== 'number' || !(rule.runFor >= 0)))
    throw new ScenarioError(`${where}.runFor must be a number >= 0, got ${JSON.stringify(rule.runFor)}`);
  const lines = rule.logLines;
  if (lines !== undefined && (!Array.isArray(lines) || lines.some((line) => typeof line !== 'string')))
    throw new ScenarioError(`${where}.logLines must be a list of strings`);
  if (
    rule.runTaskFailure !== undefined &&
    (typeof rule.runTaskFailure !== 'string' || rule.runTaskFailure === '')
  )
    throw new ScenarioError(`${where}.runTaskFailure must be a non-empty string, e.g. "RESOURCE:MEMORY"`);
  if (rule.cannotPull !== undefined && typeof rule.cannotPull !== 'boolean')
    throw new ScenarioError(`${where}.cannotPull must be true or false`);
}

function compilePattern(pattern: string, where: string): RegExp {
  const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
  try {
    if (regex) return new RegExp(regex[1]!, regex[2]);
  } catch (error) {
    throw new ScenarioError(`${where}.image is not a valid regex: ${(error as Error).message}`);
  }
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export class ScenarioTable {
  private readonly compiled: { rule: ScenarioRule; pattern: RegExp }[];
  private readonly hooks: { rule: HookRule; pattern: RegExp }[];
  readonly alarms: AlarmRule[];

  constructor(readonly rules: ScenarioEntry[]) {
    const where = (rule: ScenarioEntry) => `scenarios[${rules.indexOf(rule)}]`;
    this.compiled = rules
      .filter((rule): rule is ScenarioRule => 'image' in rule)
      .map((rule) => ({ rule, pattern: compilePattern(rule.image, where(rule)) }));
    this.hooks = rules
      .filter((rule): rule is HookRule => 'hook' in rule)
      .map((rule) => ({ rule, pattern: compilePattern(rule.hook, where(rule)) }));
    this.alarms = rules.filter((rule): rule is AlarmRule => 'alarm' in rule);
  }

  /** What a Lambda lifecycle hook answers: the first hook rule matching its ARN; none: succeed after 5 s. */
  hookOutcome(targetArn: string): { succeed: boolean; afterSeconds: number } {
    const rule = this.hooks.find(({ pattern }) => pattern.test(targetArn))?.rule;
    return { succeed: rule?.result !== 'fail', afterSeconds: rule?.after ?? 5 };
  }

  behaviourFor(image: string): Behaviour {
    const rule = this.compiled.find(({ pattern }) => pattern.test(image))?.rule;
    const behaviour: Behaviour = {
      crashOnStart: rule?.behaviour === 'crash-on-start',
      exitCode: rule?.exitCode ?? 1,
      slowStart: rule?.slowStart ?? 0,
      latencyMs: rule?.latencyMs ?? 0,
      errorRate: rule?.errorRate ?? 0,
      oneOff: {
        runFor: rule?.runFor ?? ONE_OFF_RUN_FOR,
        exitCode: rule?.exitCode ?? 0,
        logLines: rule?.logLines ?? [],
        cannotPull: rule?.cannotPull ?? false,
      },
    };
    if (rule?.runTaskFailure !== undefined) behaviour.oneOff.runTaskFailure = rule.runTaskFailure;
    if (rule?.unhealthyAfter !== undefined) behaviour.unhealthyAfter = rule.unhealthyAfter;
    if (rule?.version !== undefined) behaviour.version = rule.version;
    if (rule) behaviour.matchedRule = rule.image;
    return behaviour;
  }
}
