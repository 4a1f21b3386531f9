// The bundled dist run as the runner runs it: outputs, and bad inputs refused before anything runs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { expectNoLeaks, runAction } from '@shipline/action-harness';

const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('__ACTION_NAME__ (bundled dist, run as the runner runs it)', () => {
  it('sets its outputs', async () => {
    const result = await runAction({ actionDir, inputs: { name: 'Octocat' } });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.message).toBe('Hello, Octocat!');
    expectNoLeaks(result);
  });

  it('fails before doing anything when an input is bad', async () => {
    const result = await runAction({ actionDir, inputs: { name: 'Octocat', greeting: 'Hi!!' } });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain("Input 'greeting'");
    expect(result.outputs.message).toBeUndefined();
  });
});
