// What the application's Shipline calls need from its settings: each variable and secret the calls
// read, joined to the called workflow's declared inputs and secrets (required or not), and the
// environments they deploy to.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ShiplineCall } from './app-workflows.js';

type YamlMap = Record<string, unknown>;
const isMap = (v: unknown): v is YamlMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A variable or secret the workflows read, and what reads it. */
export interface NamedSetting {
  name: string;
  kind: 'variable' | 'secret';
  /** `cd.yml deploy-staging: aws-role-arn (required)` */
  usedBy: string[];
  /** True when a required input of the called workflow receives it. */
  required: boolean;
  /** The input names it feeds (`aws-role-arn`, `smoke-url`): they say what value it needs. */
  inputs: string[];
}

/** The called workflow's `on.workflow_call` (inputs, secrets) from a Shipline checkout. */
export function calledInterface(
  shiplineRoot: string,
  workflow: string,
): { inputs: YamlMap; secrets: YamlMap } {
  const file = path.join(shiplineRoot, '.github/workflows', workflow);
  if (!fs.existsSync(file)) return { inputs: {}, secrets: {} };
  const parsed = parseYaml(fs.readFileSync(file, 'utf8')) as YamlMap;
  const call = isMap(parsed.on) && isMap(parsed.on.workflow_call) ? parsed.on.workflow_call : {};
  return {
    inputs: isMap(call.inputs) ? call.inputs : {},
    secrets: isMap(call.secrets) ? call.secrets : {},
  };
}

const names = (value: unknown, context: 'vars' | 'secrets') =>
  [...String(value ?? '').matchAll(new RegExp(`\\b${context}\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g'))].map(
    (m) => m[1]!,
  );

/** Every variable and secret the calls read, with the inputs they feed and whether one is required. */
export function namedSettings(calls: ShiplineCall[], shiplineRoot: string): NamedSetting[] {
  const found = new Map<string, NamedSetting>();
  const note = (
    name: string,
    kind: NamedSetting['kind'],
    where: string,
    input: string,
    required: boolean,
  ) => {
    const key = `${kind}:${name}`;
    const entry = found.get(key) ?? { name, kind, usedBy: [], required: false, inputs: [] };
    entry.usedBy.push(`${where}: ${input}${required ? ' (required)' : ''}`);
    entry.required ||= required;
    if (!entry.inputs.includes(input)) entry.inputs.push(input);
    found.set(key, entry);
  };
  for (const call of calls) {
    const declared = calledInterface(shiplineRoot, call.workflow);
    const where = `${path.basename(call.file)} ${call.job}`;
    // A job that runs only once a variable is set (cd.yml's deploy-dev) needs none of its settings.
    const optionalCall = /\bvars\.[A-Za-z_]\w* != ''/.test(call.if ?? '');
    for (const [input, value] of Object.entries(call.with)) {
      const required =
        !optionalCall && isMap(declared.inputs[input]) && declared.inputs[input].required === true;
      for (const name of names(value, 'vars')) note(name, 'variable', where, input, required);
      for (const name of names(value, 'secrets')) note(name, 'secret', where, input, required);
    }
    for (const [secret, value] of Object.entries(call.secrets)) {
      const required = isMap(declared.secrets[secret]) && declared.secrets[secret].required === true;
      for (const name of names(value, 'secrets')) note(name, 'secret', where, secret, required);
    }
  }
  return [...found.values()].sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) || Number(b.required) - Number(a.required) || a.name.localeCompare(b.name),
  );
}

/** The deployment environments the calls deploy to (`with.environment`). */
export function environmentsOf(calls: ShiplineCall[]): string[] {
  return [
    ...new Set(
      calls.map((c) => c.with.environment).filter((e): e is string => typeof e === 'string' && e !== ''),
    ),
  ].sort();
}
