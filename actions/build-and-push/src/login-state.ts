// The registries main logged in to, kept in the step's state for the post step to log out of.
import * as core from '@actions/core';
import { dockerLogout, type Exec } from '@shipline/docker';
import { runnerLog } from '@shipline/toolkit';

const KEY = 'logged-in-registries';
const recorded = new Set<string>();

/** Saved before each login, so a main that dies right after logging in still gets logged out. */
export function recordLogin(server: string): void {
  recorded.add(server);
  core.saveState(KEY, [...recorded]);
}

/** In the post step: what main recorded. */
export function loggedInRegistries(): string[] {
  try {
    const value: unknown = JSON.parse(core.getState(KEY) || '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export async function logOutOfAll(exec: Exec): Promise<void> {
  const servers = loggedInRegistries();
  if (servers.length === 0) return runnerLog.info('No registry to log out of');
  for (const server of servers) {
    const result = await dockerLogout(exec, server);
    if (result.ok) runnerLog.info(`Logged out of ${server}`);
    else runnerLog.warning(`Logging out of ${server} failed: ${result.message}`);
  }
}
