// actionMain and reportFailure: bad inputs, cancellation and errors become the runner's failure.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { actionMain, CancelledError, InputError, readInteger, readInputs } from '../src/index.js';
import { withInputs } from './env.js';

let written = '';
const originalWrite = process.stdout.write.bind(process.stdout);
beforeEach(() => {
  written = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
});
afterEach(() => {
  process.stdout.write = originalWrite;
  process.exitCode = undefined;
});

describe('actionMain', () => {
  it('leaves a successful run alone', async () => {
    await actionMain(async () => {});
    expect(process.exitCode).toBeUndefined();
    expect(written).toBe('');
  });

  it('reports every bad input as its own titled ::error:: and exits 1', async () => {
    const restore = withInputs({ a: 'x', b: '-1' });
    try {
      await actionMain(async () => {
        readInputs({ a: () => readInteger('a'), b: () => readInteger('b', { min: 0 }) });
      });
    } finally {
      restore();
    }
    expect(process.exitCode).toBe(1);
    const lines = written.trim().split('\n');
    expect(lines[0]).toBe(
      `::error title=Bad input%3A a::Input 'a' "x" is not a whole number. Example of a good value: 1`,
    );
    expect(lines[1]).toMatch(/^::error title=Bad input%3A b::Input 'b' -1 is below the minimum 0/);
    expect(lines[2]).toBe('::error::2 input(s) are not valid; nothing was changed.');
  });

  it('says so when cancelled', async () => {
    await actionMain(async () => {
      throw new CancelledError('SIGINT');
    });
    expect(process.exitCode).toBe(1);
    expect(written).toContain('::error::The run was cancelled (SIGINT) before the step finished.');
  });

  it('turns any other error into a failure with its message', async () => {
    await actionMain(async () => {
      throw new Error('ServiceNotFoundException: service web not found');
    });
    expect(process.exitCode).toBe(1);
    expect(written).toContain('::error::ServiceNotFoundException: service web not found');
  });

  it('hands the body a signal that SIGINT aborts', async () => {
    let seen: AbortSignal | undefined;
    await actionMain(async (signal) => {
      seen = signal;
      process.emit('SIGINT');
      expect(signal.aborted).toBe(true);
    });
    expect(seen?.reason).toBeInstanceOf(CancelledError);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('keeps single InputErrors titled too', async () => {
    await actionMain(async () => {
      throw new InputError('cluster', 'is required but was not given', 'my-cluster');
    });
    expect(written).toContain('::error title=Bad input%3A cluster::');
  });
});
