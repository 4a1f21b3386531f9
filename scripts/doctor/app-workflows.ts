// An application repository's workflows as Shipline sees them: each job that calls a Shipline
// reusable workflow (which repository, file and ref, its with: and secrets:), and each step that
// uses a Shipline action.
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
  /** The calling job's `if:`, when it has one. */
  if?: string;
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
          ...(body.if === undefined ? {} : { if: String(body.if) }),
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
