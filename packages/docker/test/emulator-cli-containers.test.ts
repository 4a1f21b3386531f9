// The emulator's CLI with --run-containers, as a rehearsal or a person runs it: it says tasks run as
// containers, a service's task runs as one, and SIGTERM stops the process with none left behind.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { ecsCall } from '@shipline/ecs-emulator/testing';
import { describeWithDocker } from '@shipline/local-services/testing';
import { ensureNodeBaseImage } from '../src/base-image/node-base-image.js';

const cli = fileURLToPath(new URL('../../ecs-emulator/src/cli.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** Containers the emulator process `pid` started (it labels each with its process id). */
function containersOf(pid: number): string[] {
  const listed = spawnSync(
    'docker',
    ['ps', '-aq', '--filter', `label=org.shipline.ecs-emulator.pid=${pid}`],
    {
      encoding: 'utf8',
    },
  );
  return listed.stdout.split('\n').filter(Boolean);
}

describeWithDocker(
  'the emulator CLI with --run-containers',
  () => {
    it('runs a task as a container and removes it when SIGTERM stops the emulator', async () => {
      await ensureNodeBaseImage();
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          cli,
          '--port',
          '0',
          '--clock-scale',
          '20',
          '--run-containers',
          '--require-docker',
        ],
        { cwd: path.join(repoRoot, 'packages', 'ecs-emulator'), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const waitFor = async <T>(what: string, probe: () => Promise<T | undefined> | T | undefined) => {
        const deadline = Date.now() + 60_000;
        for (;;) {
          const value = await probe();
          if (value !== undefined) return value;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      const url = await waitFor(
        'the exports',
        () => /^export AWS_ENDPOINT_URL_ECS=(\S+)$/m.exec(stdout)?.[1],
      );
      expect(stdout).toMatch(/^# service tasks run as containers on the Docker daemon at /m);
      const emulator = { url };
      await ecsCall(emulator, 'CreateCluster', { clusterName: 'cli' });
      const definition = await ecsCall(emulator, 'RegisterTaskDefinition', {
        family: 'idle',
        containerDefinitions: [
          { name: 'app', image: 'shipline/node:24', command: ['node', '-e', 'setInterval(() => {}, 1000)'] },
        ],
      });
      await ecsCall(emulator, 'CreateService', {
        cluster: 'cli',
        serviceName: 'idle',
        taskDefinition: definition.taskDefinition.taskDefinitionArn,
        desiredCount: 1,
      });
      await waitFor('the container', () => (containersOf(child.pid!).length > 0 ? true : undefined));

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(containersOf(child.pid!)).toEqual([]);
    });
  },
  { registry: false },
);
