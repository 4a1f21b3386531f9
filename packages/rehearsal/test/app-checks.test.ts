// ./dev rehearse --app on broken copies of the sample application: each fails before any story is
// played, with the problem named where it is and the change to make. These need no docker: the
// files alone show them (./dev doctor's checks, given the app's .github/rehearsal.yml).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { fromImages } from '../src/app/base-images.js';
import { AppConfigError } from '../src/index.js';
import { copySample, editContainer, rehearseAppDir, replaceIn } from './app-variants.js';

const copies: string[] = [];
afterEach(() => copies.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

async function rehearseCopy(breakIt: (dir: string) => void) {
  const dir = copySample();
  copies.push(dir);
  breakIt(dir);
  return rehearseAppDir(dir, { noDocker: true });
}

describe('rehearse --app: what would break is found before any story', () => {
  it('a task definition whose container port is not the one the app listens on', async () => {
    const { result, output, errors } = await rehearseCopy((dir) =>
      editContainer(dir, 'staging', (c) => {
        (c.portMappings as { containerPort: number }[])[0]!.containerPort = 8080;
      }),
    );
    expect(result.passed).toBe(false);
    expect(result.results).toEqual([]);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: '.github/task-definitions/staging.json',
          message: expect.stringMatching(/port 8080 but sets PORT=3000/),
        }),
        expect.objectContaining({
          where: 'Dockerfile',
          message: expect.stringMatching(/EXPOSE 3000 but .* listens on 8080/),
        }),
      ]),
    );
    expect(output).toMatch(/no story was played/);
    expect(output).toMatch(/change: .*PORT=8080|change: EXPOSE 8080/);
    expect(output).not.toMatch(/▶ good-release/);
  });

  it('a variable the workflows read that the rehearsal config does not set', async () => {
    const { result, errors, output } = await rehearseCopy((dir) =>
      replaceIn(dir, '.github/rehearsal.yml', /^ {2}STAGING_ECS_CLUSTER: .*\n/m, ''),
    );
    expect(result.passed).toBe(false);
    expect(errors).toEqual([
      expect.objectContaining({
        where: 'variables',
        message: expect.stringMatching(/^STAGING_ECS_CLUSTER is not set \(cd\.yml deploy-staging: cluster/),
      }),
    ]);
    expect(output).toMatch(/change: gh variable set STAGING_ECS_CLUSTER/);
  });

  it('a call of a workflow Shipline does not have, and an input reusable-deploy.yml does not declare', async () => {
    const { errors } = await rehearseCopy((dir) => {
      replaceIn(dir, '.github/workflows/ci.yml', 'reusable-ci.yml@', 'reusable-tests.yml@');
      replaceIn(
        dir,
        '.github/workflows/cd.yml',
        '      bake-time: 1m\n',
        '      bake-time: 1m\n      bake-minutes: 1\n',
      );
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          where: '.github/workflows/ci.yml ci',
          message: expect.stringMatching(
            /shipline\/shipline has no \.github\/workflows\/reusable-tests\.yml/,
          ),
        }),
        expect.objectContaining({
          where: '.github/workflows/cd.yml deploy-staging',
          message: expect.stringMatching(/with: bake-minutes — reusable-deploy\.yml has no such input/),
        }),
      ]),
    );
  });

  it('a task definition without a health check', async () => {
    const { errors } = await rehearseCopy((dir) =>
      editContainer(dir, 'production', (c) => delete c.healthCheck),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        where: '.github/task-definitions/production.json',
        message: expect.stringMatching(/has no healthCheck/),
      }),
    ]);
  });

  it('an image for another CPU than the task definition runs on', async () => {
    const { errors } = await rehearseCopy((dir) =>
      replaceIn(
        dir,
        'Dockerfile',
        /^FROM shipline\/node:24$/m,
        'FROM --platform=linux/arm64 shipline/node:24',
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        where: '.github/task-definitions/staging.json',
        message: expect.stringMatching(/cpuArchitecture is X86_64 but the image is declared for arm64/),
      }),
      expect.objectContaining({
        where: '.github/task-definitions/production.json',
        message: expect.stringMatching(/cpuArchitecture is X86_64/),
      }),
    ]);
  });

  it("the base images a Dockerfile starts from, not its own stages (made locally when they are Shipline's Node image)", () => {
    const dir = copySample();
    copies.push(dir);
    expect(fromImages(path.join(dir, 'Dockerfile'))).toEqual(['shipline/node:24']);
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM --platform=linux/amd64 node:24-slim AS deps\nFROM deps AS build\nFROM gcr.io/distroless/nodejs24\n',
    );
    expect(fromImages(path.join(dir, 'Dockerfile'))).toEqual(['node:24-slim', 'gcr.io/distroless/nodejs24']);
  });

  it('no .github/rehearsal.yml: refused, naming the file and what goes in it', async () => {
    await expect(rehearseCopy((dir) => fs.rmSync(path.join(dir, '.github/rehearsal.yml')))).rejects.toThrow(
      expect.objectContaining({
        constructor: AppConfigError,
        message: expect.stringMatching(/^\.github\/rehearsal\.yml: missing.*\n.*repository: acme\/shop/s),
      }),
    );
  });
});
