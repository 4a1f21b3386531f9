// The publishers (log, annotations, outputs, summary, publishReport): every write redacted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  actionLog,
  appendSummary,
  forgetSecrets,
  maskSecret,
  publishOutputs,
  publishReport,
  reportFailure,
  runnerLog,
} from '../src/index.js';

// The publishers are the one pass: each write must reach the runner redacted, whatever the
// action put in it, since the summary and outputs files are published as written.
const TOKEN = 'ghp_0123456789abcdefSECRET';
const none = (): void => undefined;

let written = '';
let dir = '';
const originalWrite = process.stdout.write.bind(process.stdout);
const saved = { summary: process.env.GITHUB_STEP_SUMMARY, output: process.env.GITHUB_OUTPUT };
beforeEach(() => {
  written = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  // One folder for the whole file: core.summary keeps the summary path it first read.
  dir ||= fs.mkdtempSync(path.join(os.tmpdir(), 'publish-'));
  process.env.GITHUB_STEP_SUMMARY = path.join(dir, 'summary.md');
  process.env.GITHUB_OUTPUT = path.join(dir, 'output');
  fs.writeFileSync(process.env.GITHUB_STEP_SUMMARY, '');
  fs.writeFileSync(process.env.GITHUB_OUTPUT, '');
  maskSecret(TOKEN, none);
});
afterEach(() => {
  process.stdout.write = originalWrite;
  process.exitCode = undefined;
  process.env.GITHUB_STEP_SUMMARY = saved.summary;
  process.env.GITHUB_OUTPUT = saved.output;
  forgetSecrets();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const echoed = `{"message":"Bad credentials","token":"${TOKEN}","b64":"${Buffer.from(TOKEN).toString('base64')}"}`;

describe('publishers', () => {
  it('redact the summary and outputs, which the runner does not mask (finding 1)', async () => {
    await appendSummary('### failed', `why: ${echoed}`);
    publishOutputs({ error: echoed });
    const summary = fs.readFileSync(process.env.GITHUB_STEP_SUMMARY as string, 'utf8');
    const outputs = fs.readFileSync(process.env.GITHUB_OUTPUT as string, 'utf8');
    expect(summary).toContain('why: {"message":"Bad credentials","token":"***","b64":"***"}');
    expect(outputs).toContain('{"message":"Bad credentials","token":"***","b64":"***"}');
    expect(summary + outputs).not.toContain('0123456789');
  });
  it('redact log lines, annotations, group titles and failures', async () => {
    actionLog.info(`got ${echoed}`);
    runnerLog.warning(`w ${TOKEN}`, { title: `t ${TOKEN}` });
    runnerLog.notice(`n ${TOKEN}`);
    await runnerLog.group(`g ${TOKEN}`, async () => undefined);
    reportFailure(new Error(`GitHub answered 500: ${echoed}`));
    expect(written).not.toContain('0123456789');
    expect(written).toContain('::warning title=t ***::w ***');
    expect(written).toContain('::error::GitHub answered 500: {"message":"Bad credentials","token":"***"');
    expect(process.exitCode).toBe(1);
  });
  it('never let an info line start a workflow command', () => {
    actionLog.info('server said:\n::error::forged\r##[warning]forged too');
    expect(written.split(/\r|\n/).filter((line) => /^\s*(::|##\[)/.test(line))).toEqual([]);
  });
  it('show control and bidirectional characters in log lines as escapes, keeping lines and tabs', () => {
    actionLog.info('a\tb\u202egnp.exe\u001b[2J\nnext line');
    expect(written).toBe('a\tb\\u202egnp.exe\\u001b[2J\nnext line\n');
  });
});

describe('publishReport', () => {
  it('writes outputs, summary and lines, then fails the step with the failure', async () => {
    await publishReport({
      outputs: { passed: 'false' },
      summary: ['### failed', '', `why: ${TOKEN}`],
      lines: [
        { level: 'info', message: 'one' },
        { level: 'error', message: 'two', title: 'check' },
      ],
      failure: 'it failed',
    });
    const summary = fs.readFileSync(process.env.GITHUB_STEP_SUMMARY as string, 'utf8');
    const outputs = fs.readFileSync(process.env.GITHUB_OUTPUT as string, 'utf8');
    expect(summary).toBe('### failed\n\nwhy: ***\n\n');
    expect(outputs).toContain('passed');
    expect(written).toBe('one\n::error title=check::two\n::error::it failed\n');
    expect(process.exitCode).toBe(1);
  });
  it('throws CancelledError after publishing a cancelled run, and writes no failure', async () => {
    await expect(
      publishReport({ outputs: { x: '1' }, summary: [], cancelled: 'SIGINT', failure: 'unused' }),
    ).rejects.toThrow('cancelled (SIGINT)');
    expect(fs.readFileSync(process.env.GITHUB_OUTPUT as string, 'utf8')).toContain('x');
    expect(written).toBe('');
  });
});
