// For a story that did not end as it should: the one line that says what to change in the
// application's repository (file and field), read from the first step that went wrong.
import type { JobRecord, StepRecord } from '../workflow-runner/index.js';
import { SLOW_MS, type AppStory } from './app-stories.js';
import type { DeployTarget } from './deploy-targets.js';

const lastError = (step: StepRecord | undefined) => (step?.errors.at(-1) ?? step?.note ?? '').slice(0, 200);

export function whatToChange(story: AppStory, target: DeployTarget, jobs: JobRecord[]): string {
  const steps = new Map(jobs.flatMap((j) => j.steps).flatMap((s) => (s.id ? [[s.id, s] as const] : [])));
  const taskDefinition = target.inputs['task-definition'] ?? '.github/task-definitions/<environment>.json';
  const container = `containerDefinitions[name=${target.inputs['container-name'] || 'app'}]`;
  const caller = `.github/workflows/${target.caller} ${target.job}`;
  const dockerfile = target.inputs.dockerfile || 'Dockerfile';
  const failed = jobs.flatMap((j) => j.steps).find((s) => s.outcome === 'failure');
  if (jobs.length === 0)
    return `${caller}: the call did not run (${target.environment}); check its if: and needs:`;
  if (failed?.id === 'build') return `${dockerfile}: the image does not build: ${lastError(failed)}`;
  const deploy = steps.get('deploy');
  const smoke = steps.get('smoke');
  if (story.name === 'good-release') {
    if (deploy?.outcome === 'failure') {
      const error = lastError(deploy);
      if (/health/i.test(error))
        return `${taskDefinition}: ${container}.healthCheck.command — the app's tasks never pass it (${error})`;
      if (/exit|essential/i.test(error))
        return `${dockerfile} CMD (or ${taskDefinition} ${container}.command): the app exits at start (${error})`;
      return `${taskDefinition}: ${error}`;
    }
    if (smoke?.outcome === 'failure') {
      const url = target.readsVariables['smoke-url']?.join(', ') ?? 'smoke-url';
      return `the app's answers to the smoke test (${url} → /health) fail: ${lastError(smoke)}; check the route and ${container}.portMappings in ${taskDefinition}`;
    }
  }
  if (story.name === 'crashing-release' && deploy?.outcome === 'success')
    return `${taskDefinition}: ${container} must be essential and have a healthCheck, so ECS stops a release that exits and rolls it back`;
  if (story.name === 'slow-release' && smoke?.outcome === 'success')
    return `${caller}: its smoke test let ${SLOW_MS} ms answers through; keep reusable-deploy's default limit (p95 500 ms)`;
  const restored = steps.get('smoke-restored');
  if (restored?.outcome === 'failure')
    return `the previous release does not pass the smoke test either: ${lastError(restored)}`;
  return `${caller}: ${failed ? `step "${failed.step}" failed: ${lastError(failed)}` : 'see the timeline above'}`;
}
