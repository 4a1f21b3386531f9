// References in the application's workflows that would not resolve on GitHub: `uses:` of a
// Shipline workflow or action this checkout does not have, a ref this checkout does not know, a
// local `./` path that is not there, and inputs a called reusable-deploy.yml does not declare.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Workflow } from '../workflow-runner/index.js';
import { appFinding, type AppFinding } from './app-finding.js';
import type { DeployTarget } from './deploy-targets.js';

type Job = { uses?: string; steps?: { uses?: string }[] };

/** Every `uses:` of the app's workflows: file, job and the reference. */
function usesOf(appDir: string): { file: string; job: string; uses: string }[] {
  const dir = path.join(appDir, '.github/workflows');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => {
      const jobs =
        ((parseYaml(fs.readFileSync(path.join(dir, f), 'utf8')) ?? {}) as { jobs?: Record<string, Job> })
          .jobs ?? {};
      return Object.entries(jobs).flatMap(([job, body]) =>
        [body.uses, ...(body.steps ?? []).map((s) => s.uses)]
          .filter((u): u is string => typeof u === 'string')
          .map((uses) => ({ file: `.github/workflows/${f}`, job, uses })),
      );
    });
}

const knownRef = (repoRoot: string, ref: string) =>
  spawnSync('git', ['-C', repoRoot, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).status === 0;

export function referenceFindings(appDir: string, repoRoot: string, shipline: string): AppFinding[] {
  const out: AppFinding[] = [];
  const refs = new Set<string>();
  for (const { file, job, uses } of usesOf(appDir)) {
    const where = `${file} ${job}`;
    if (uses.startsWith('./')) {
      const target = path.join(appDir, uses.split('@')[0]!);
      if (!fs.existsSync(target))
        out.push(
          appFinding(
            'error',
            where,
            `uses: ${uses} — no such path in the repository`,
            `add ${uses} or fix the path`,
          ),
        );
      continue;
    }
    const m = /^([^/]+\/[^/]+)\/(.+)@(.+)$/.exec(uses);
    if (!m || m[1]!.toLowerCase() !== shipline.toLowerCase()) continue;
    const [, , inner, ref] = m;
    const exists = inner!.startsWith('.github/workflows/')
      ? fs.existsSync(path.join(repoRoot, inner!))
      : fs.existsSync(path.join(repoRoot, inner!, 'action.yml'));
    if (!exists)
      out.push(
        appFinding(
          'error',
          where,
          `uses: ${uses} — ${shipline} has no ${inner}`,
          `use one of ${shipline}'s workflows or actions (./dev install-pipeline writes them)`,
        ),
      );
    refs.add(ref!);
  }
  for (const ref of refs)
    if (!knownRef(repoRoot, ref))
      out.push(
        appFinding(
          'warning',
          '.github/workflows',
          `@${ref} is not a tag, branch or commit of this Shipline checkout: rehearsed with this checkout; on GitHub it must exist in ${shipline}`,
          `pin a release of ${shipline} (git tag), or fetch its tags here`,
        ),
      );
  return out;
}

/** Inputs a deploy call passes that reusable-deploy.yml does not declare: GitHub refuses the run. */
export function callInputFindings(targets: DeployTarget[], workflow: Workflow): AppFinding[] {
  return targets.flatMap((t) =>
    Object.keys(t.inputs)
      .filter((input) => !(input in workflow.inputs))
      .map((input) =>
        appFinding(
          'error',
          `.github/workflows/${t.caller} ${t.job}`,
          `with: ${input} — reusable-deploy.yml has no such input (GitHub refuses the workflow: an input the called workflow does not declare is invalid)`,
          `remove it, or use one of ${Object.keys(workflow.inputs).slice(0, 6).join(', ')}, …`,
        ),
      ),
  );
}
