// An application repository's workflows as Shipline sees them: each job that calls a Shipline
// reusable workflow (which repository, file and ref), and the variables and secrets each `with:` and
// `secrets:` value reads, joined to the called workflow's declared inputs and secrets.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

type YamlMap = Record<string, unknown>;
const isMap = (v: unknown): v is YamlMap => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface WorkflowFile {
  /** Path inside the application repository, e.g. `.github/workflows/cd.yml`. */
  path: string;
  content: string;
}

export interface ShiplineCall {
  file: string;
  job: string;
  /** `acme/shipline` */
  repository: string;
  /** `reusable-deploy.yml` */
  workflow: string;
  ref: string;
  /** The comment after the `uses:` line (`v1.4.0` beside a SHA), when there is one. */
  refComment?: string;
  with: YamlMap;
  secrets: YamlMap;
}

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

const CALL = /^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)\/\.github\/workflows\/(reusable-(?:ci|deploy)\.ya?ml)@(\S+)$/;

export function readWorkflowFiles(appDir: string): WorkflowFile[] {
  const dir = path.join(appDir, '.github/workflows');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ path: `.github/workflows/${f}`, content: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** The `# comment` after `uses: <uses>` in the file text, if any. */
function commentAfter(content: string, uses: string): string | undefined {
  const line = content.split('\n').find((l) => l.includes(`uses: ${uses}`));
  const m = line ? /#\s*(\S.*)$/.exec(line) : null;
  return m ? m[1]!.trim() : undefined;
}

/** Every job calling a Shipline reusable workflow (reusable-ci or reusable-deploy, any owner). */
export function shiplineCalls(files: WorkflowFile[]): ShiplineCall[] {
  return files.flatMap((file) => {
    const workflow = parseYaml(file.content) as unknown;
    const jobs = isMap(workflow) && isMap(workflow.jobs) ? workflow.jobs : {};
    return Object.entries(jobs).flatMap(([job, body]) => {
      const m = isMap(body) && typeof body.uses === 'string' ? CALL.exec(body.uses) : null;
      if (!m || !isMap(body)) return [];
      const comment = commentAfter(file.content, body.uses as string);
      return [
        {
          file: file.path,
          job,
          repository: m[1]!,
          workflow: m[2]!,
          ref: m[3]!,
          ...(comment === undefined ? {} : { refComment: comment }),
          with: isMap(body.with) ? body.with : {},
          secrets: isMap(body.secrets) ? body.secrets : {},
        },
      ];
    });
  });
}

/** A reference to Shipline in a workflow: a reusable-workflow call or an action step. */
export interface ShiplineUse {
  file: string;
  job: string;
  repository: string;
  /** `.github/workflows/reusable-deploy.yml` or `actions/deploy-ecs` */
  path: string;
  ref: string;
  refComment?: string;
}

/** Every call of a Shipline reusable workflow and every step using one of `actions` (by name). */
export function shiplineUses(files: WorkflowFile[], actions: string[]): ShiplineUse[] {
  const step = new RegExp(
    `^([A-Za-z0-9-]+\\/[A-Za-z0-9._-]+)\\/(actions\\/(?:${actions.join('|')}))@(\\S+)$`,
  );
  const fromCalls = shiplineCalls(files).map((c) => ({
    file: c.file,
    job: c.job,
    repository: c.repository,
    path: `.github/workflows/${c.workflow}`,
    ref: c.ref,
    ...(c.refComment === undefined ? {} : { refComment: c.refComment }),
  }));
  const fromSteps = files.flatMap((file) => {
    const workflow = parseYaml(file.content) as unknown;
    const jobs = isMap(workflow) && isMap(workflow.jobs) ? workflow.jobs : {};
    return Object.entries(jobs).flatMap(([job, body]) =>
      (isMap(body) && Array.isArray(body.steps) ? body.steps : []).flatMap((s: unknown) => {
        const m = isMap(s) && typeof s.uses === 'string' ? step.exec(s.uses) : null;
        if (!m) return [];
        const comment = commentAfter(file.content, m[0]);
        return [
          {
            file: file.path,
            job,
            repository: m[1]!,
            path: m[2]!,
            ref: m[3]!,
            ...(comment === undefined ? {} : { refComment: comment }),
          },
        ];
      }),
    );
  });
  return [...fromCalls, ...fromSteps];
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
    for (const [input, value] of Object.entries(call.with)) {
      const required = isMap(declared.inputs[input]) && declared.inputs[input].required === true;
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
