import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAction, type RunResult } from '@shipline/action-harness';

export const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the bundled action against `url` as a workflow step would. */
export function smokeTest(
  url: string,
  inputs: Record<string, string> = {},
  more: { secrets?: string[]; cancelAfterMs?: number } = {},
): Promise<RunResult> {
  return runAction({ actionDir, inputs: { url, ...inputs }, ...more });
}

export function report(run: RunResult): {
  passed: boolean;
  checks: {
    name: string;
    passed: boolean;
    attempts: number;
    failure: string | null;
    [key: string]: unknown;
  }[];
  [key: string]: unknown;
} {
  return JSON.parse(run.outputs.report ?? 'null');
}

/** The action's own error annotations, one string. */
export function errors(run: RunResult): string {
  return run.errors.join('\n');
}
