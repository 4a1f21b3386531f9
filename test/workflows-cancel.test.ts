// A cancelled deploy job still sends its result to Slack (notify-result runs on always()), and the
// text says what deploy-ecs did about the rollout it was following: rollback started, or left.
import { describe, expect, it } from '@jest/globals';
import { evaluateTemplate } from '@shipline/action-harness';
import { parse as parseYaml } from 'yaml';
import { allWorkflows } from './support/workflow-files.js';

type Map = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const deployFile = allWorkflows().find((w) => w.path === '.github/workflows/reusable-deploy.yml')!;
const steps = (parseYaml(deployFile.content) as Map).jobs.deploy.steps as Map[];
const notify = steps.find((s) => s.id === 'notify-result')!;

function said(status: string, deployOutputs: Map, smokeRestored = 'skipped'): string {
  return evaluateTemplate(String(notify.with.text), {
    job: { status },
    inputs: { environment: 'production' },
    steps: {
      deploy: { outputs: deployOutputs },
      'smoke-restored': { outcome: smokeRestored, outputs: {} },
    },
  }).split('\n')[0]!;
}

describe('reusable-deploy: a cancelled deploy tells Slack what happened to the rollout', () => {
  it('runs on cancel too', () => {
    expect(notify.if).toMatch(/^always\(\)/);
  });

  it.each([
    [
      'rollback started',
      { 'rollout-state': 'CANCELLED', 'rolled-back': 'true' },
      /^Cancelled during the rollout: the rollback to the previous version was started/,
    ],
    [
      'left rolling',
      { 'rollout-state': 'CANCELLED', 'rolled-back': 'false' },
      /^Cancelled during the rollout: the new version was left rolling out/,
    ],
    [
      'after COMPLETED (smoke test cancelled)',
      { 'rollout-state': 'COMPLETED', 'rolled-back': 'false' },
      /^Cancelled after the rollout completed: the new version runs/,
    ],
    ['before any rollout', {}, /^Cancelled before deploy-ecs reported a rollout/],
  ])('%s', (_, outputs, text) => {
    expect(said('cancelled', outputs)).toMatch(text);
  });

  it('a failed or successful run reads as before', () => {
    expect(said('success', { 'rollout-state': 'COMPLETED' })).toBe('Deployed and smoke-tested.');
    expect(said('failure', { 'rollout-state': 'FAILED', 'rolled-back': 'true' })).toBe(
      'The rollout failed and was rolled back.',
    );
  });
});
