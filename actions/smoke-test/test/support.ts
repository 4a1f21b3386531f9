// Test helpers for smoke-test: the action folder, one step, its report and errors, app servers.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from '@jest/globals';
import { runAction, type RunActionOptions, type RunResult } from '@shipline/action-harness';
import { startAppServer, type AppServer, type AppServerOptions } from '@shipline/local-services/app';

export const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs the bundled action against `url` as a workflow step would. */
export function smokeTest(
  url: string,
  inputs: Record<string, string> = {},
  more: Pick<RunActionOptions, 'secrets' | 'cancelAfterMs' | 'signal' | 'onLine'> = {},
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

/** A starter of app servers for a test file; each is closed after its test. */
export function appServers(): (options?: AppServerOptions) => Promise<AppServer> {
  const open: AppServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startAppServer(options);
    open.push(server);
    return server;
  };
}
