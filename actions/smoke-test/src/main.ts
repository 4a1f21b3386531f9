import * as core from '@actions/core';
import { actionMain, appendSummary, markdownTable, readInputs, readString } from '@shipline/toolkit';
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
    core.setOutput('message', result.message);
    core.info(result.message);
    await appendSummary(
      '### Smoke Test',
      markdownTable(['output', 'value'], [['message', result.message]]),
    );
  });
}
