// Bench helpers: state transitions watched on the emulator, workspaces, latency distributions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EmulatorHandle } from '@shipline/ecs-emulator';

interface DeploymentView {
  id: string;
  status: string;
  rolloutState?: string;
}

/**
 * Watches one service's deployments in-process every 5 ms and records, in wall-clock ms
 * (performance.now), when each deployment was first seen and first in each rollout state. The
 * emulator's own timestamps are simulated, so they cannot be compared with the action's output.
 */
export function watchTransitions(emulator: EmulatorHandle, service: string) {
  const seen = new Map<string, number>();
  const states = new Map<string, number>();
  let latest: DeploymentView[] = [];
  const sample = () => {
    const view = (emulator.state().services as { serviceName: string; deployments: DeploymentView[] }[]).find(
      (s) => s.serviceName === service,
    );
    latest = view?.deployments ?? [];
    const now = performance.now();
    for (const d of latest) {
      if (!seen.has(d.id)) seen.set(d.id, now);
      const key = `${d.id}/${d.rolloutState}`;
      if (!states.has(key)) states.set(key, now);
    }
  };
  const timer = setInterval(sample, 5);
  return {
    stop: () => clearInterval(timer),
    until: async (done: (deployments: DeploymentView[]) => boolean) => {
      while (!done(latest)) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    firstSeen: (id: string) => (seen.has(id) ? seen.get(id)! : undefined),
    firstState: (id: string, wanted: string[]) => {
      const times = wanted.map((s) => states.get(`${id}/${s}`)).filter((t) => t !== undefined);
      return times.length > 0 ? { at: Math.min(...times) } : undefined;
    },
  };
}

export function workspaceWith(family: string, image: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-bench-'));
  const definition = { family, containerDefinitions: [{ name: 'app', image, essential: true }] };
  fs.writeFileSync(path.join(dir, 'task-definition.json'), JSON.stringify(definition));
  return dir;
}

/** p50, max and every value, in seconds with two decimals. */
export function distribution(valuesMs: number[]): string[] {
  if (valuesMs.length === 0) return ['n/a', 'n/a', 'none measured'];
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [s(sorted[Math.floor((sorted.length - 1) / 2)]!), s(sorted.at(-1)!), valuesMs.map(s).join(', ')];
}
