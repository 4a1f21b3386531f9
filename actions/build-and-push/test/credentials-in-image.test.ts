// An image written as a URL with credentials (`https://user:pw@host/app`) was diagnosed as "has a
// digest", with a suggested good value repeating the password unmasked (issue #15: finding 4).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createWorkspace, fakeDocker, type TestWorkspace } from '@shipline/local-services/testing';
import { runBuildAndPush, tempDir, type Runner } from './helpers.js';

let workspace: TestWorkspace;
let runner: Runner;

beforeAll(() => {
  workspace = createWorkspace({ Dockerfile: 'FROM scratch\n' });
  runner = { docker: fakeDocker(), dockerConfig: tempDir('docker-config-'), workspace: workspace.dir };
});
afterAll(() => {
  workspace.remove();
  runner.docker.remove();
  fs.rmSync(runner.dockerConfig, { recursive: true, force: true });
});

describe('build-and-push refuses credentials in the image name (bundled dist)', () => {
  it('says so, suggests the name without them, and never prints the password', async () => {
    // Not passed as a secret: the password sits in a plain input, as a user might write it.
    const result = await runBuildAndPush(runner, {
      image: 'https://deploy:RegPw789@registry.example.com/app',
    });
    expect(result.exitCode).toBe(1);
    const error = result.errors.find((e) => e.startsWith("Input 'image'"));
    expect(error).toMatch(
      /carries credentials \(user:password@ before the registry host\), which are refused/,
    );
    expect(error).toMatch(/Example of a good value: registry\.example\.com\/app$/);
    expect(runner.docker.calls()).toEqual([]);
    const raw = result.stages.map((s) => s.stdout + s.stderr).join('') + result.summary;
    const printed = raw.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    // What the action printed; the runner's own `with:` echo before the step is out of its hands.
    expect(printed.filter((line) => line.includes('RegPw789'))).toEqual([]);
    expect(result.errors.join('\n')).not.toContain('RegPw789');
  });
});
