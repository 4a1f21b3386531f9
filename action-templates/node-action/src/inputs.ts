// Reads and validates every input of __ACTION_NAME__ into RunOptions before anything runs.
import { readInputs, readString } from '@shipline/toolkit';

export interface RunOptions {
  name: string;
  greeting: string;
}

/** Every input, checked together: all bad ones are reported at once, each with a good example. */
export function readOptions(): RunOptions {
  return readInputs({
    name: () => readString('name', { required: true, example: 'Octocat' }),
    greeting: () =>
      readString('greeting', {
        default: 'Hello',
        example: 'Good morning',
        pattern: /^[\p{L} ]+$/u,
        patternHint: 'letters and spaces',
      }),
  });
}
