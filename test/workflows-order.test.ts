// reusable-deploy.yml's order check, its shell run with bash against the GitHub deployments and
// compare stand-in (a real HTTP server): for generated histories, a run deploys unless the
// environment's last verified commit is newer than its own (this commit one of its ancestors), and
// `force` deploys whatever the history — checked against the commit graph itself.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { deploymentsStandIn, putRecord } from './support/deployment-records.js';
import { findStep, jobSteps, runShell } from './support/workflow-steps.js';

const step = findStep(jobSteps('.github/workflows/reusable-deploy.yml', 'deploy'), 'order');
const sha = (name: string) => name.padEnd(40, '0');
const suite = deploymentsStandIn();

/** A main line c0 ← c1 ← … and a side branch b0 ← b1 … forked from c`fork`. */
function history(main: number, side: number, fork: number): string[] {
  suite.github.reset();
  const line = Array.from({ length: main }, (_, i) => sha(`c${i}`));
  line.forEach((c, i) => suite.github.commit(c, ...(i > 0 ? [line[i - 1]!] : [])));
  const branch = Array.from({ length: side }, (_, i) => sha(`b${i}`));
  branch.forEach((c, i) => suite.github.commit(c, i > 0 ? branch[i - 1]! : line[fork]!));
  return [...line, ...branch];
}

/** The environment's last verified deploy, as the record step writes it. */
const recordDeploy = (commit: string, environment: string) =>
  putRecord(suite.github, { sha: commit, environment, runNumber: 7 });

const orderCheck = (commit: string, environment: string, force: boolean) =>
  runShell(
    step,
    {
      github: { token: 'gh-token', api_url: suite.github.url, repository: 'acme/shop', sha: commit },
      inputs: { environment, force },
    },
    suite.dir,
  );

describe('reusable-deploy: the order check', () => {
  it('skips exactly the runs whose commit is older than the one verified, unless forced', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .record({ main: fc.integer({ min: 1, max: 5 }), side: fc.integer({ min: 0, max: 3 }) })
          .chain(({ main, side }) =>
            fc.record({
              main: fc.constant(main),
              side: fc.constant(side),
              fork: fc.integer({ min: 0, max: main - 1 }),
              deployed: fc.option(fc.integer({ min: 0, max: main + side - 1 })),
              run: fc.integer({ min: 0, max: main + side - 1 }),
              force: fc.boolean(),
              environment: fc.constantFrom('staging', 'production'),
            }),
          ),
        async (c) => {
          const commits = history(c.main, c.side, c.fork);
          // Another environment's record never counts.
          recordDeploy(commits.at(-1)!, c.environment === 'staging' ? 'production' : 'staging');
          if (c.deployed !== null) recordDeploy(commits[c.deployed]!, c.environment);
          const result = await orderCheck(commits[c.run]!, c.environment, c.force);
          const newer =
            c.deployed !== null && suite.github.compare(commits[c.deployed]!, commits[c.run]!) === 'behind';
          expect(result.code).toBe(0);
          expect(result.outputs.skip).toBe(String(newer && !c.force));
          if (newer && !c.force)
            expect(result.outputs.reason).toContain(`${c.environment} already runs ${commits[c.deployed!]}`);
          if (c.force) expect(result.output).toContain('force: deploying without the order check.');
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
