// What __ACTION_NAME__ leaves, as data: outputs, the job summary and a closing line (pure).
import { markdownTable, type ActionReport } from '@shipline/toolkit';
import type { RunResult } from './run.js';

/** Published by main with the toolkit's publishReport, which redacts every registered secret. */
export function report(result: RunResult): ActionReport {
  return {
    outputs: { message: result.message },
    summary: ['### __ACTION_TITLE__', markdownTable(['output', 'value'], [['message', result.message]])],
    lines: [{ level: 'info', message: result.message }],
  };
}
