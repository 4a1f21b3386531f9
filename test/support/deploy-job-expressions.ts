// reusable-deploy.yml's deploy job as GitHub evaluates it: a step by id, its `with:` and `if:` through
// GitHub's expression evaluator over the contexts a test builds, and a step's record in `steps`.
import { evaluateCondition, evaluateTemplate, type JobStatus } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';
import { allWorkflows } from './workflow-files.js';

type Map = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Outcome = 'success' | 'failure' | 'skipped' | 'cancelled';

const file = allWorkflows().find((w) => w.path === '.github/workflows/reusable-deploy.yml')!;
export const deployWorkflow = parseYaml(file.content) as Map;
const steps = deployWorkflow.jobs.deploy.steps as Map[];

export const deployStep = (id: string): Map => steps.find((s) => s.id === id)!;

/** The step's `with:`, each value evaluated (and trimmed) in contexts `c`. */
export const withOf = (id: string, c: Map): Record<string, string> =>
  Object.fromEntries(
    Object.entries(deployStep(id).with as Map).map(([k, v]) => [k, evaluateTemplate(String(v), c).trim()]),
  );

/** Whether the step runs: its `if:` (success() when none) in contexts `c` with the job's status. */
export const runs = (id: string, c: Map, status: JobStatus): boolean =>
  evaluateCondition(deployStep(id).if ?? '', c, status);

/** A step as the `steps` context holds it. */
export const ran = (outcome: Outcome, outputs: Map = {}) => ({ outcome, conclusion: outcome, outputs });
