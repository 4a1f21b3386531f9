// detectBuilder and the buildx version and driver parsers.
import { describe, expect, it } from '@jest/globals';
import {
  CLASSIC,
  CommandNotFoundError,
  describeBuilder,
  detectBuilder,
  parseBuildxDriver,
  parseBuildxVersion,
  type Exec,
} from '../src/index.js';

function fakeExec(
  answers: Record<string, { exitCode: number; stdout?: string }>,
): Exec & { calls: string[] } {
  const calls: string[] = [];
  const exec = (async (_command: string, args: string[]) => {
    const key = args.join(' ');
    calls.push(key);
    const answer = answers[key] ?? { exitCode: 1 };
    return { exitCode: answer.exitCode, stdout: answer.stdout ?? '', stderr: '' };
  }) as Exec & { calls: string[] };
  exec.calls = calls;
  return exec;
}

const INSPECT = (driver: string) =>
  `Name:          builder\nDriver:        ${driver}\nLast Activity: 2026-01-01\n\nNodes:\nName:      builder0\nEndpoint:  unix:///var/run/docker.sock\nStatus:    running\nPlatforms: linux/amd64, linux/arm64\n`;

describe('detectBuilder', () => {
  it('is classic when `docker buildx version` fails (no plugin), without asking more', async () => {
    const exec = fakeExec({});
    expect(await detectBuilder(exec)).toEqual(CLASSIC);
    expect(exec.calls).toEqual(['buildx version']);
    expect(describeBuilder(CLASSIC)).toBe('classic docker build (no buildx)');
  });

  it('buildx with a docker-container driver can do everything', async () => {
    const exec = fakeExec({
      'buildx version': { exitCode: 0, stdout: 'github.com/docker/buildx v0.12.1 630066bfc5bf\n' },
      'buildx inspect': { exitCode: 0, stdout: INSPECT('docker-container') },
    });
    const builder = await detectBuilder(exec);
    expect(builder).toEqual({
      kind: 'buildx',
      version: 'v0.12.1',
      driver: 'docker-container',
      multiPlatform: true,
      cacheExport: true,
      secrets: true,
    });
    expect(describeBuilder(builder)).toBe('docker buildx v0.12.1 (docker-container driver)');
  });

  it("buildx's docker driver builds one platform and exports no cache", async () => {
    const exec = fakeExec({
      'buildx version': { exitCode: 0, stdout: 'github.com/docker/buildx 0.10.4 c513d34\n' },
      'buildx inspect': { exitCode: 0, stdout: INSPECT('docker') },
    });
    expect(await detectBuilder(exec)).toMatchObject({
      driver: 'docker',
      multiPlatform: false,
      cacheExport: false,
      secrets: true,
    });
  });

  it('an inspect that fails leaves the driver unknown (assumed capable)', async () => {
    const exec = fakeExec({
      'buildx version': { exitCode: 0, stdout: 'github.com/docker/buildx v0.20.0 x' },
    });
    expect(await detectBuilder(exec)).toMatchObject({ kind: 'buildx', multiPlatform: true });
  });

  it('a missing docker CLI is an error, not a classic builder', async () => {
    const exec: Exec = async () => {
      throw new CommandNotFoundError('docker');
    };
    await expect(detectBuilder(exec)).rejects.toThrow(/docker was not found on PATH/);
  });

  it('parses versions and drivers', () => {
    expect(parseBuildxVersion('github.com/docker/buildx v0.17.1-desktop.1 257815a')).toBe(
      'v0.17.1-desktop.1',
    );
    expect(parseBuildxVersion('garbage')).toBe('');
    expect(parseBuildxDriver(INSPECT('remote'))).toBe('remote');
    expect(parseBuildxDriver('')).toBeUndefined();
  });
});
