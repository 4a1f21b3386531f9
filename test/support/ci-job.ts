// Runs the `ci` job of reusable-ci.yml here, step by step, on a checked-out application: inputs
// typed and defaulted from workflow_call, each `if:`, `env:` and `with:` evaluated by GitHub's
// evaluator, `run:` steps through GitHub's bash in the step's working directory, and each `uses:`
// step checked against what that action needs from the checkout (it cannot run here).
import fs from 'node:fs';
import path from 'node:path';
import { evaluateCondition, evaluateTemplate } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../scripts/lib/actions.js';
import { callInputs } from './workflow-runs.js';
import { runShell, type Step } from './workflow-steps.js';

type Map = Record<string, unknown>;

export const CI_WORKFLOW = parseYaml(
  fs.readFileSync(path.join(repoRoot, '.github/workflows/reusable-ci.yml'), 'utf8'),
) as Map & { jobs: { ci: Map & { steps: (Step & Map)[]; outputs: Map } } };

export interface CiStep {
  name: string;
  ran: boolean;
  code: number;
  output: string;
}

export interface CiJob {
  /** success when every step that ran exited 0. */
  result: 'success' | 'failure';
  steps: CiStep[];
  /** The job's outputs (coverage, package-manager, built). */
  outputs: Record<string, string>;
  /** Everything the steps printed, in order. */
  log: string;
}

/** What the action of a `uses:` step would need from the checkout; a problem fails the step. */
function checkUses(uses: string, given: Record<string, string>, checkout: string): string | undefined {
  const action = uses.split('@')[0];
  const at = (file: string) => path.join(checkout, file);
  switch (action) {
    case 'actions/checkout':
      return undefined; // the copy of the sample is the checkout
    case 'pnpm/action-setup': {
      const manifest = JSON.parse(fs.readFileSync(at(given.package_json_file!), 'utf8')) as Map;
      return String(manifest.packageManager ?? '').startsWith('pnpm@')
        ? undefined
        : `${given.package_json_file} names no pnpm version in packageManager`;
    }
    case 'actions/setup-node':
      if (!['npm', 'pnpm', 'yarn'].includes(given.cache ?? ''))
        return `cache '${given.cache}' is not npm, pnpm or yarn`;
      if (!fs.existsSync(at(given['cache-dependency-path']!)))
        return `cache-dependency-path ${given['cache-dependency-path']} does not exist`;
      return given['node-version'] || given['node-version-file'] ? undefined : 'no Node.js version';
    case 'actions/upload-artifact': {
      const dir = at(given.path!);
      const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
      return files.length > 0 ? undefined : `no files at ${given.path} (if-no-files-found: error)`;
    }
    default:
      throw new Error(`reusable-ci.yml uses ${uses}, which this runner does not know`);
  }
}

/** Runs the job on `checkout` with the caller's `with:` values; `env` goes to every run: step. */
export async function runCiJob(
  checkout: string,
  given: Record<string, string>,
  env: Record<string, string> = {},
): Promise<CiJob> {
  const job = CI_WORKFLOW.jobs.ci;
  const steps: Map = {};
  const contexts = () => ({
    github: { repository: 'acme/shop', sha: 'a'.repeat(40), ref: 'refs/heads/main', event_name: 'push' },
    inputs: callInputs(CI_WORKFLOW, given),
    vars: {},
    secrets: {},
    env: {},
    job: { status: 'success' },
    steps,
  });
  const defaults = (job.defaults as { run: { 'working-directory': string } }).run['working-directory'];
  const ran: CiStep[] = [];
  let failed = false;
  for (const step of job.steps) {
    const name = String(step.name);
    if (failed || !evaluateCondition(String(step.if ?? ''), contexts(), 'success')) {
      ran.push({ name, ran: false, code: 0, output: '' });
      continue;
    }
    let result: { code: number; output: string; outputs: Record<string, string> };
    if (typeof step.uses === 'string') {
      const withValues = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, evaluateTemplate(String(v), contexts())]),
      );
      const problem = checkUses(step.uses, withValues, checkout);
      result = { code: problem ? 1 : 0, output: problem ? `${step.uses}: ${problem}\n` : '', outputs: {} };
    } else {
      const folder = String(step['working-directory'] ?? evaluateTemplate(defaults, contexts()));
      result = await runShell(step, contexts(), path.join(checkout, folder), env);
    }
    ran.push({ name, ran: true, code: result.code, output: result.output });
    const outcome = result.code === 0 ? 'success' : 'failure';
    if (step.id) steps[step.id] = { outputs: result.outputs, outcome, conclusion: outcome };
    failed = result.code !== 0;
  }
  const outputs = Object.fromEntries(
    Object.entries(job.outputs).map(([k, v]) => [k, evaluateTemplate(String(v), contexts())]),
  );
  const log = ran.map((s) => s.output).join('');
  return { result: failed ? 'failure' : 'success', steps: ran, outputs, log };
}
