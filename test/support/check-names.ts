// The check names a workflow reports on a pull request, as GitHub names its check runs: the job's
// `name` (or id), evaluated with its matrix; a matrix job whose name has no expression gets its
// values appended, `build (18, ubuntu)`; a job that calls a reusable workflow reports
// `<caller job name> / <called job name>` for each job of the called workflow.
import fs from 'node:fs';
import path from 'node:path';
import { evaluateTemplate } from '@shipline/action-harness';
import { parseFileReference } from '@actions/workflow-parser/workflows/file-reference';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../scripts/lib/actions.js';
import { isMap, localWorkflowPath, type SourceFile, type YamlMap as Map } from './workflow-files.js';
import { eventNames } from './workflow-policy.js';
import { callInputs } from './workflow-runs.js';

/** The matrix combinations of a job: the product of its lists, minus `exclude`, plus `include`. */
export function matrixCombinations(job: Map): Map[] {
  const strategy = isMap(job.strategy) ? job.strategy : {};
  const matrix = isMap(strategy.matrix) ? strategy.matrix : undefined;
  if (!matrix) return [];
  const axes = Object.entries(matrix).filter(([k]) => k !== 'include' && k !== 'exclude');
  let combos: Map[] = [{}];
  for (const [key, values] of axes)
    combos = combos.flatMap((c) =>
      (Array.isArray(values) ? values : [values]).map((v) => ({ ...c, [key]: v })),
    );
  const matches = (c: Map, pattern: Map) => Object.entries(pattern).every(([k, v]) => c[k] === v);
  const excluded = Array.isArray(matrix.exclude) ? matrix.exclude.filter(isMap) : [];
  combos = combos.filter((c) => axes.length > 0 && !excluded.some((e) => matches(c, e)));
  for (const extra of Array.isArray(matrix.include) ? matrix.include.filter(isMap) : []) {
    const onAxes = Object.fromEntries(Object.entries(extra).filter(([k]) => axes.some(([a]) => a === k)));
    const target = combos.filter((c) => matches(c, onAxes));
    if (target.length > 0 && Object.keys(onAxes).length > 0) target.forEach((c) => Object.assign(c, extra));
    else combos.push({ ...extra });
  }
  return combos;
}

function jobNames(id: string, job: Map, contexts: Map): string[] {
  const name = typeof job.name === 'string' ? job.name : id;
  const combos = matrixCombinations(job);
  if (combos.length === 0) return [evaluateTemplate(name, { ...contexts, matrix: {} })];
  return combos.map((matrix) =>
    name.includes('${{')
      ? evaluateTemplate(name, { ...contexts, matrix })
      : `${name} (${Object.values(matrix).map(String).join(', ')})`,
  );
}

function workflowChecks(workflow: Map, contexts: Map, root: string): string[] {
  const jobs = isMap(workflow.jobs) ? workflow.jobs : {};
  return Object.entries(jobs).flatMap(([id, job]) => {
    if (!isMap(job)) return [];
    const names = jobNames(id, job, contexts);
    if (typeof job.uses !== 'string') return names;
    const rel = localWorkflowPath(parseFileReference(job.uses));
    if (rel === undefined) throw new Error(`job ${id} calls ${job.uses}, which is not ours to read`);
    const called = parseYaml(fs.readFileSync(path.join(root, rel), 'utf8')) as Map;
    const given = Object.entries(isMap(job.with) ? job.with : {}).map(([k, v]) => [
      k,
      evaluateTemplate(String(v), contexts),
    ]);
    const inputs = callInputs(called, Object.fromEntries(given) as Record<string, string>);
    const inner = workflowChecks(called, { ...contexts, inputs }, root);
    return names.flatMap((outer) => inner.map((n) => `${outer} / ${n}`));
  });
}

/** Every check name the given workflow files report on a pull request (those `pull_request` triggers). */
export function pullRequestChecks(files: SourceFile[], root = repoRoot): string[] {
  const github = { event_name: 'pull_request', ref: 'refs/pull/7/merge', repository: 'acme/shop' };
  return files.flatMap((file) => {
    const workflow = parseYaml(file.content) as Map;
    if (!eventNames(workflow).includes('pull_request')) return [];
    return workflowChecks(workflow, { github, inputs: {}, vars: {}, env: {} }, root);
  });
}
