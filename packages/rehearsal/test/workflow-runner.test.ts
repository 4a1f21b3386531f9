// The generic workflow runner: jobs and steps run as GitHub's runner runs them, and what it refuses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import {
  callInputs,
  jobOrder,
  loadWorkflow,
  runWorkflow,
  stepKind,
  WorkflowError,
  type Reporter,
  type StepRecord,
  type WorkflowRun,
} from '../src/workflow-runner/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function workflowFile(text: string): string {
  const dir = tempDir('rehearsal-wf-');
  const file = path.join(dir, 'wf.yml');
  fs.writeFileSync(file, text);
  return file;
}

async function play(
  text: string,
  inputs: Record<string, string> = {},
  secrets: Record<string, string> = {},
  runnerEnv?: Record<string, string>,
  more: Partial<WorkflowRun> = {},
) {
  const workflow = loadWorkflow(workflowFile(text));
  const steps: StepRecord[] = [];
  const skippedJobs: string[] = [];
  const lines: string[] = [];
  const reporter: Reporter = {
    jobStarted: () => {},
    jobSkipped: (job) => skippedJobs.push(job),
    stepStarted: () => {},
    stepLine: (_job, _step, line) => lines.push(line),
    stepFinished: (record) => steps.push(record),
  };
  const jobs = await runWorkflow({
    workflow,
    call: {
      github: { sha: 'abc123', ref: 'refs/heads/main' },
      inputs: callInputs(workflow, inputs),
      secrets,
      vars: {},
    },
    repoRoot,
    thisRepository: 'shipline/shipline',
    workspace: tempDir('rehearsal-ws-'),
    standIns: {
      'aws-actions/configure-aws-credentials': { note: 'stood in', env: { AWS_REGION: 'us-east-1' } },
    },
    reporter,
    ...(runnerEnv ? { runnerEnv } : {}),
    ...more,
  });
  const byId = (id: string) => steps.find((s) => s.id === id);
  return { jobs, steps, skippedJobs, lines, byId };
}

const CALL = `on:
  workflow_call:
    inputs:
      flavour: { type: string, default: plain }
      fail: { type: boolean, default: false }
    secrets:
      TOKEN: { required: false }
`;

describe('the job runner runs a workflow as the runner would', () => {
  it('carries step outputs, GITHUB_ENV and stand-in env to later steps, and job outputs to needing jobs', async () => {
    const { jobs, byId } = await play(`${CALL}
jobs:
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - id: read
        run: echo "got=\${{ needs.first.outputs.word }}/\${FROM_ENV:-none}" >> "$GITHUB_OUTPUT"
  first:
    runs-on: ubuntu-latest
    outputs:
      word: \${{ steps.make.outputs.word }}
    steps:
      - uses: aws-actions/configure-aws-credentials@0123456789012345678901234567890123456789
      - id: make
        run: |
          echo "word=\${{ inputs.flavour }}-$AWS_REGION" >> "$GITHUB_OUTPUT"
          echo "FROM_ENV=exported" >> "$GITHUB_ENV"
      - id: later
        run: echo "env=$FROM_ENV" >> "$GITHUB_OUTPUT"
`);
    expect(jobs.map((j) => j.id)).toEqual(['first', 'second']);
    expect(jobs[0]!.outputs).toEqual({ word: 'plain-us-east-1' });
    expect(byId('later')!.outputs.env).toBe('exported');
    // GITHUB_ENV belongs to its job: the needing job sees the output, not the variable.
    expect(byId('read')!.outputs.got).toBe('plain-us-east-1/none');
  });

  it("gives every step the runner machine's environment beneath env:, and keeps it out of the env context", async () => {
    const { byId } = await play(
      `${CALL}
env:
  SHADOWED: from-workflow
jobs:
  only:
    runs-on: ubuntu-latest
    steps:
      - id: read
        run: echo "seen=$MACHINE/$SHADOWED/\${{ env.MACHINE }}" >> "$GITHUB_OUTPUT"
`,
      {},
      {},
      { MACHINE: 'runner', SHADOWED: 'runner' },
    );
    expect(byId('read')!.outputs.seen).toBe('runner/from-workflow/');
  });

  it('skips steps after a failure unless their if asks for failure() or always(); continue-on-error keeps the job green', async () => {
    const { jobs, byId } = await play(
      `${CALL}
jobs:
  only:
    runs-on: ubuntu-latest
    steps:
      - id: tolerated
        continue-on-error: true
        run: exit 3
      - id: still-runs
        run: echo "status=\${{ job.status }} \${{ steps.tolerated.outcome }} \${{ steps.tolerated.conclusion }}" >> "$GITHUB_OUTPUT"
      - id: breaks
        if: inputs.fail
        run: exit 1
      - id: skipped-after
        run: echo never
      - id: on-failure
        if: failure() && steps.breaks.outcome == 'failure'
        run: echo "status=\${{ job.status }}" >> "$GITHUB_OUTPUT"
      - id: always
        if: always()
        run: 'true'
`,
      { fail: 'true' },
    );
    expect(byId('tolerated')!.outcome).toBe('failure');
    expect(byId('still-runs')!.outputs.status).toBe('success failure success');
    expect(byId('breaks')!.outcome).toBe('failure');
    expect(byId('skipped-after')!.outcome).toBe('skipped');
    expect(byId('on-failure')!.outputs.status).toBe('failure');
    expect(byId('always')!.outcome).toBe('success');
    expect(jobs[0]!.result).toBe('failure');
  });

  it('skips a job whose need failed or was skipped, unless its if says otherwise, and runs always() jobs', async () => {
    const { jobs, skippedJobs } = await play(`${CALL}
jobs:
  a:
    runs-on: ubuntu-latest
    steps: [{ run: exit 1 }]
  b:
    needs: a
    runs-on: ubuntu-latest
    steps: [{ run: 'true' }]
  c:
    needs: b
    if: always() && needs.b.result == 'skipped'
    runs-on: ubuntu-latest
    steps: [{ run: 'true' }]
  d:
    if: inputs.flavour == 'spicy'
    runs-on: ubuntu-latest
    steps: [{ run: 'true' }]
`);
    expect(Object.fromEntries(jobs.map((j) => [j.id, j.result]))).toEqual({
      a: 'failure',
      b: 'skipped',
      c: 'success',
      d: 'skipped',
    });
    expect(skippedJobs).toEqual(['b', 'd']);
  });

  it('masks secrets in what a run step prints', async () => {
    const { lines } = await play(
      `${CALL}
jobs:
  only:
    runs-on: ubuntu-latest
    steps:
      - run: echo "token is $TOKEN"
        env:
          TOKEN: \${{ secrets.TOKEN }}
`,
      {},
      { TOKEN: 'hunter2-secret-value' },
    );
    expect(lines).toContain('token is ***');
  });

  it('runs one of our actions through the harness with its evaluated with:', async () => {
    const { byId } = await play(`${CALL}
jobs:
  only:
    runs-on: ubuntu-latest
    steps:
      - id: bad-rollback
        uses: shipline/shipline/actions/rollback@v1
        with:
          service: \${{ inputs.flavour }}
          timeout: 1s
`);
    const step = byId('bad-rollback')!;
    expect(step.kind).toBe('action');
    expect(step.inputs).toEqual({ service: 'plain', timeout: '1s' });
    expect(step.outcome).toBe('failure');
    expect(step.errors.join('\n')).toMatch(/Input 'timeout'/);
  });

  it('gives an action the inputs this machine needs (inputsHere) in place of the evaluated with:', async () => {
    const dirs: string[] = [];
    const { byId } = await play(
      `${CALL}
jobs:
  only:
    runs-on: ubuntu-latest
    steps:
      - id: bad-rollback
        uses: shipline/shipline/actions/rollback@v1
        with:
          service: \${{ inputs.flavour }}
          timeout: 1s
`,
      {},
      {},
      undefined,
      {
        inputsHere: {
          rollback: (inputs, actionDir) => {
            dirs.push(actionDir);
            return { ...inputs, timeout: 'soon' };
          },
        },
      },
    );
    expect(dirs).toEqual([path.join(repoRoot, 'actions/rollback')]);
    expect(byId('bad-rollback')!.inputs).toEqual({ service: 'plain', timeout: 'soon' });
    expect(byId('bad-rollback')!.errors.join('\n')).toMatch(/Input 'timeout'.*soon/s);
  });
});

describe('what the rehearsal refuses to fake', () => {
  it('a third-party action without a stand-in, and steps with neither uses nor run', () => {
    const run = {
      repoRoot,
      thisRepository: 'shipline/shipline',
      standIns: { 'actions/checkout': { note: '' } },
    };
    expect(() => stepKind({ uses: 'someone/else@v1' }, run)).toThrow(/can neither run here nor stand in for/);
    expect(() => stepKind({}, run)).toThrow(/neither uses nor run/);
    // Another repository's actions are not this checkout's: never run local code in their place.
    expect(() => stepKind({ uses: 'other/repo/actions/deploy-ecs@v1' }, run)).toThrow(
      /can neither run here nor stand in for/,
    );
  });

  it('matrices, reusable-workflow jobs, cycles, missing and unknown inputs', () => {
    const matrix = `${CALL}\njobs:\n  a:\n    strategy: { matrix: { x: [1, 2] } }\n    steps: [{ run: 'true' }]\n`;
    expect(() => loadWorkflow(workflowFile(matrix))).toThrow(WorkflowError);
    const cycle = loadWorkflow(
      workflowFile(`${CALL}\njobs:\n  a: { needs: b, steps: [] }\n  b: { needs: a, steps: [] }\n`),
    );
    expect(() => jobOrder(cycle)).toThrow(/need each other/);
    const required = loadWorkflow(
      workflowFile(
        `on:\n  workflow_call:\n    inputs:\n      env: { type: string, required: true }\njobs: {}\n`,
      ),
    );
    expect(() => callInputs(required, {})).toThrow(/required input 'env'/);
    expect(() => callInputs(required, { env: 'x', nope: 'y' })).toThrow(/no input\(s\) nope/);
  });
});
