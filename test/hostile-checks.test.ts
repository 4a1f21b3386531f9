// The hostile-input suites' own checks can fail: each kind of injection and exposure they look for
// is caught in a hand-made run, and what an action emits by design is not flagged.
import { describe, expect, it } from '@jest/globals';
import type { RunResult, StageResult } from '@shipline/action-harness';
import { injectedCommands, secretExposures } from './support/hostile-checks.js';
import { MARK, secretForms } from './support/hostile-text.js';

function runWith(stdout: string, more: Partial<RunResult> = {}): RunResult {
  const stage = { stage: 'main', stdout, stderr: '', outputs: {} } as unknown as StageResult;
  return { stages: [stage], log: '', summary: '', state: {}, leaks: [], ...more } as unknown as RunResult;
}

describe('injectedCommands', () => {
  it('flags a command started by hostile text, a legacy command inside a line and a command never emitted', () => {
    const stdout = [
      `::error::Input 'version' is bad: "x::error::${MARK}"`, // hostile text inside a message: fine
      `::error::${MARK} injected`,
      `server said ##[error]${MARK}`,
      `::set-output name=${MARK}::1`,
      '  ::not-a-command:: but starts a line with ::',
      '::group::Deploy',
    ].join('\n');
    expect(injectedCommands(runWith(stdout))).toEqual([
      'main stdout line 2: ::error:: started by hostile text',
      'main stdout line 3: legacy command ##[error] inside a line',
      'main stdout line 4: command ::set-output:: the action never emits',
      "main stdout line 5: a line starting with '::' that is no command of the action",
    ]);
  });
});

describe('secretExposures', () => {
  const hook = 'https://hooks.example/services/T000/B000/s3cretHookPart42';
  it('finds derived forms of a secret URL in the log, outputs, summary and payloads', () => {
    const run = runWith('', {
      log: 'Slack said: no_service /services/T000/B000/s3cretHookPart42',
      summary: `token ${Buffer.from(hook).toString('base64')}`,
      stages: [{ stage: 'main', stdout: '', stderr: '', outputs: { error: encodeURIComponent(hook) } }],
    } as unknown as Partial<RunResult>);
    const problems = secretExposures(run, { secrets: [hook], payloads: { body: `Bearer ${hook}` } });
    expect(problems).toEqual(
      expect.arrayContaining([
        'secret #1 as url-path in log as shown',
        'secret #1 as base64 in summary',
        'secret #1 as uri-encoded in main output error',
        'secret #1 as bearer in payload body',
      ]),
    );
  });

  it('knows the user-info and password of a URL with credentials', () => {
    const forms = secretForms('https://deploy:Pa55word-xyz@registry.example/app');
    expect(forms.map((f) => f.form)).toEqual(
      expect.arrayContaining(['user-info', 'password', 'basic-user-info']),
    );
    expect(forms.find((f) => f.form === 'password')?.text).toBe('Pa55word-xyz');
  });
});
