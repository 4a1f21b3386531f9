import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { parseCliArgs, UsageError } from '../src/cli-args.js';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(packageDir, '../..');
const cli = path.join(packageDir, 'src', 'cli.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'ecs-emulator-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const childEnv = () => {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
};

describe('CLI flags', () => {
  it('turns flags into startEmulator options', () => {
    expect(
      parseCliArgs(
        [
          '--port',
          '0',
          '--clock-scale',
          '20',
          '--registry',
          'http://127.0.0.1:5000',
          '--registry-user',
          'u',
          '--timing',
          'pending=3',
        ],
        { ECS_EMULATOR_REGISTRY_PASSWORD: 'p' },
      ),
    ).toEqual({
      port: 0,
      clockScale: 20,
      registry: { url: 'http://127.0.0.1:5000', username: 'u', password: 'p' },
      timings: { pending: 3 },
    });
    expect(parseCliArgs([])).toEqual({ port: 4599 });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', 'x'], /--port must be 0..65535/],
    [['--clock-scale', '0'], /--clock-scale must be a positive number/],
    [['--registry', 'not a url'], /--registry must be a URL/],
    [['--registry-user', 'u'], /need --registry/],
    [['--timing', 'warp=1'], /--timing must be NAME=SECONDS/],
    [['--account-id', '12'], /12 digits/],
  ])('rejects %j', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(UsageError);
    expect(() => parseCliArgs(args)).toThrow(message);
  });
});

describe('CLI process', () => {
  it('exits 2 with a clear message on a bad flag', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', cli, '--clock-scale', 'fast'], {
      cwd: repoRoot,
      env: childEnv(),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "ecs-emulator: --clock-scale must be a positive number (e.g. 20), got 'fast'",
    );
    expect(run.stderr).toContain('Usage:');
  });

  it('starts, prints the exports to paste, serves, and stops cleanly on SIGINT', async () => {
    const scenario = path.join(dir, 'scenarios.yaml');
    writeFileSync(scenario, '- image: "*:bad"\n  behaviour: crash-on-start\n');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--port', '0', '--clock-scale', '20', '--scenario', scenario],
      {
        cwd: repoRoot,
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!/export AWS_SECRET_ACCESS_KEY=.*\n/.test(stdout) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /^export AWS_ENDPOINT_URL_ECS=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(stdout).toMatch(/^export AWS_ENDPOINT_URL_ECR=http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stdout).toMatch(/^export AWS_REGION=us-east-1$/m);
    expect(stdout).toMatch(/^export AWS_ACCESS_KEY_ID=test$/m);
    const state = (await (await fetch(`${url}/_emulator/state`)).json()) as Record<string, unknown>;
    expect(state).toMatchObject({
      clockScale: 20,
      scenarios: [{ image: '*:bad', behaviour: 'crash-on-start' }],
    });

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGINT, stopping');
  });
});
