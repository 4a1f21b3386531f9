// ./dev rehearse --app on the sample application and on broken copies of it, with the app's own
// container: built from its Dockerfile, probed as each task definition runs it, and (when the
// emulator can) its tasks run as real containers. Skipped with the reason where docker is missing;
// CI runs it (.ci/system-packages starts dockerd).
import fs from 'node:fs';
import { afterAll, expect, it } from '@jest/globals';
import { describeWithDocker } from '@shipline/local-services/testing';
import { copySample, editContainer, rehearseAppDir, SAMPLE } from './app-variants.js';

const copies: string[] = [];
afterAll(() => copies.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const rehearse = (appDir: string, stories?: string[]) => rehearseAppDir(appDir, stories ? { stories } : {});

function variant(edit: (dir: string) => void): string {
  const dir = copySample();
  copies.push(dir);
  edit(dir);
  return dir;
}

describeWithDocker("rehearse --app with the app's container", () => {
  it('a health check path the app does not serve: the check run inside its container fails with 404', async () => {
    const dir = variant((d) =>
      editContainer(d, 'staging', (c) => {
        const check = c.healthCheck as { command: string[] };
        check.command = check.command.map((part) => part.replace('/health', '/healthz'));
      }),
    );
    const { result, errors, output } = await rehearse(dir);
    expect(result.passed).toBe(false);
    expect(result.results).toEqual([]);
    expect(errors).toEqual([
      expect.objectContaining({
        where: '.github/task-definitions/staging.json',
        message: expect.stringMatching(
          /healthCheck\.command fails in the running app \(\/healthz answers HTTP 404\)/,
        ),
        fix: expect.stringMatching(/the Dockerfile's HEALTHCHECK checks \/health/),
      }),
    ]);
    expect(output).toMatch(/the app's image built from its Dockerfile and run as each task definition says/);
  }, 180_000);

  it('a wrong port everywhere in the task definition: the running container shows the app listens on 3000', async () => {
    const dir = variant((d) =>
      editContainer(d, 'production', (c) => {
        (c.portMappings as { containerPort: number }[])[0]!.containerPort = 8080;
        c.environment = (c.environment as { name: string; value: string }[]).filter((e) => e.name !== 'PORT');
        const check = c.healthCheck as { command: string[] };
        check.command = check.command.map((part) => part.replace(':3000', ':8080'));
      }),
    );
    const { errors } = await rehearse(dir);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: '.github/task-definitions/production.json',
          message: expect.stringMatching(/containerPort is 8080 but the app listens on 3000 \(probed/),
        }),
      ]),
    );
  }, 180_000);

  it('the sample passes: a good release to staging and production, a crash and a slow release rolled back, a hotfix', async () => {
    const { result, output } = await rehearse(SAMPLE);
    expect(result.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(result.results.map((r) => [r.story.name, r.passed, r.problems])).toEqual([
      ['good-release', true, []],
      ['crashing-release', true, []],
      ['slow-release', true, []],
      ['hotfix-release', true, []],
    ]);
    expect(output).toMatch(/Stood in \(what the rehearsal replaces, and why\)/);
    expect(output).toMatch(
      /STAGING_URL: https:\/\/staging\.sample\.example\.com → http:\/\/127\.0\.0\.1:\d+\/_lb\/sample-staging\/sample-app/,
    );
    expect(output).toMatch(/registry http:\/\/127\.0\.0\.1:\d+: images are really built and pushed/);
    // The app's own tasks: a real container exits with the command the crashing release gives it.
    expect(output).toMatch(/tasks: real containers of the app's image .*checking GET \/health/);
    expect(output).toMatch(/Essential container in task exited; app exit 3/);
  }, 600_000);
});
