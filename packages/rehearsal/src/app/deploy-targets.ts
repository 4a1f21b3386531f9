// Where the application's workflows deploy: each job of cd.yml (and hotfix.yml) that calls
// reusable-deploy.yml, its `with:` evaluated with the repository's variables as GitHub would, so the
// rehearsal knows each environment's cluster, service, task definition, smoke URL and roles.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { callingJobIds, resolveCall, type JobResult } from '../workflow-runner/index.js';
import type { AppConfig } from './app-config.js';

export interface DeployTarget {
  /** `cd.yml` */
  caller: string;
  job: string;
  environment: string;
  /** `acme/shipline/.github/workflows/reusable-deploy.yml@v1` */
  uses: string;
  /** The call's inputs as evaluated (cluster, services, task-definition, smoke-url, image, ...). */
  inputs: Record<string, string>;
  /** The variables each input reads, e.g. smoke-url ← STAGING_URL. */
  readsVariables: Record<string, string[]>;
  /** The branches a push (or run by hand) of which runs this call: `refs/heads/develop`, ... */
  refs: string[];
}

type CallerJob = { with?: Record<string, unknown> };
/** The callers rehearsed, and the branches each runs on: pushes for cd.yml, a run by hand for hotfix.yml. */
export const CALLERS: Record<string, string[]> = {
  'cd.yml': ['refs/heads/develop', 'refs/heads/main'],
  'hotfix.yml': ['refs/heads/hotfix/rehearsal'],
};

/** Every deploy call of the callers, per environment, for any branch that runs it (each once). */
export function deployTargets(appDir: string, config: AppConfig): DeployTarget[] {
  const targets = new Map<string, DeployTarget>();
  for (const [caller, branches] of Object.entries(CALLERS)) {
    const file = path.join(appDir, '.github/workflows', caller);
    if (!fs.existsSync(file)) continue;
    const jobs =
      (parseYaml(fs.readFileSync(file, 'utf8')) as { jobs?: Record<string, CallerJob> }).jobs ?? {};
    // Every job before a deploy is taken to have passed, staging having verified the commit.
    const passed: JobResult = { result: 'success', outputs: { verified: 'true', hotfix: 'true' } };
    const needs = Object.fromEntries(Object.keys(jobs).map((id) => [id, passed]));
    for (const ref of branches) {
      const run = {
        github: {
          repository: config.repository,
          ref,
          eventName: caller === 'cd.yml' ? 'push' : 'workflow_dispatch',
        },
        vars: config.variables,
        secrets: {},
      };
      for (const job of callingJobIds(file, 'reusable-deploy.yml')) {
        const call = resolveCall(file, 'reusable-deploy.yml', run, { job, needs });
        const environment = call?.inputs.environment;
        if (!call || !environment) continue;
        const known = targets.get(`${caller}:${job}`);
        if (known) {
          known.refs.push(ref);
          continue;
        }
        targets.set(`${caller}:${job}`, {
          refs: [ref],
          caller,
          job,
          environment,
          uses: call.uses,
          inputs: call.inputs,
          readsVariables: variablesByInput(jobs[job]?.with ?? {}),
        });
      }
    }
  }
  return [...targets.values()];
}

/** The `vars.NAME` each `with:` input of a job reads. */
function variablesByInput(given: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [input, value] of Object.entries(given)) {
    const names = [...String(value).matchAll(/\bvars\.([A-Za-z_]\w*)/g)].map((v) => v[1]!);
    if (names.length > 0) out[input] = names;
  }
  return out;
}
