// reusable-deploy.yml's promote step (promote-from), its shell run with bash against the GitHub
// deployments stand-in (a real HTTP server): for generated records it promotes exactly the image the
// environment's newest record of this commit names, when that record's newest status is success and
// the image is this repository's image@digest, says so in the summary ("Promoted from staging run
// N"), and otherwise refuses naming the environment; checked against the records themselves.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { deploymentsStandIn, putRecord, type RecordFields } from './support/deployment-records.js';
import { findStep, jobSteps, runShell } from './support/workflow-steps.js';

const step = findStep(jobSteps('.github/workflows/reusable-deploy.yml', 'build'), 'promote');
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web';
const THIS = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);
const suite = deploymentsStandIn();

const record = fc.record({
  sha: fc.constantFrom(THIS, OTHER),
  environment: fc.constantFrom('staging', 'production'),
  imageRef: fc.option(
    fc.constantFrom(
      `${IMAGE}@sha256:${'1'.repeat(64)}`,
      `${IMAGE}@sha256:${'2'.repeat(64)}`,
      `${IMAGE}:latest`,
      `other/repository@sha256:${'3'.repeat(64)}`,
    ),
    { nil: undefined },
  ),
  runNumber: fc.integer({ min: 1, max: 500 }),
  states: fc.array(fc.constantFrom('pending', 'success', 'failure', 'inactive'), { maxLength: 2 }),
});

/** What the step must do: the newest staging record of this commit, if it verified this image. */
function expected(records: RecordFields[]) {
  const newest = records.filter((r) => r.sha === THIS && r.environment === 'staging').at(-1);
  const verified =
    newest?.states?.at(-1) === 'success' && newest.imageRef?.startsWith(`${IMAGE}@sha256:`) === true;
  return verified ? { ...newest, id: records.lastIndexOf(newest) + 1 } : undefined;
}

describe('reusable-deploy: promote-from', () => {
  it('promotes only the image staging verified for this commit, and says from which run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 4 }), async (records) => {
        suite.github.reset();
        for (const r of records) putRecord(suite.github, r);
        const result = await runShell(
          step,
          {
            github: {
              token: 'gh-token',
              api_url: suite.github.url,
              server_url: 'https://github.com',
              repository: 'acme/shop',
              sha: THIS,
            },
            inputs: { 'promote-from': 'staging', image: IMAGE },
          },
          suite.dir,
        );
        const want = expected(records);
        if (!want) {
          expect(result.code).toBe(1);
          expect(result.output).toContain(`::error title=Not verified on staging::${THIS} has no image`);
          expect(result.outputs['image-ref']).toBeUndefined();
          return;
        }
        expect(result.code).toBe(0);
        expect(result.outputs['image-ref']).toBe(want.imageRef);
        expect(result.outputs['run-number']).toBe(String(want.runNumber));
        expect(result.summary).toContain(
          `**Promoted from staging run [${want.runNumber}](https://github.com/acme/shop/actions/runs/${1000 + want.id})**: \`${want.imageRef}\``,
        );
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
