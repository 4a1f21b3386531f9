import {
  actionMain,
  appendSummary,
  markdownTable,
  readInputs,
  readString,
  runnerLog,
  setOutput,
} from '@shipline/toolkit';
import { run } from './run.js';

/** Reads and validates every input, runs, then publishes outputs and the summary. */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const options = readInputs({
      name: () => readString('name', { required: true, example: 'Octocat' }),
      greeting: () =>
        readString('greeting', {
          default: 'Hello',
          example: 'Good morning',
          pattern: /^[\p{L} ]+$/u,
          patternHint: 'letters and spaces',
        }),
    });
    const result = await run(options, { signal });
    // Through the toolkit, never @actions/core: its publishers redact every registered secret.
    setOutput('message', result.message);
    runnerLog.info(result.message);
    await appendSummary(
      '### __ACTION_TITLE__',
      markdownTable(['output', 'value'], [['message', result.message]]),
    );
  });
}
