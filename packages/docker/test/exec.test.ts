// spawnExec: arguments without a shell, stdin for secrets, output captured, cancellation.
import { describe, expect, it, jest } from '@jest/globals';
import { CommandNotFoundError, lastLines, spawnExec } from '../src/index.js';

describe('spawnExec', () => {
  it('passes stdin, adds env, captures both streams and the exit code', async () => {
    const result = await spawnExec(
      'sh',
      ['-c', 'read line; echo "got $line $EXTRA"; echo oops >&2; exit 3'],
      {
        input: 'secret-from-stdin\n',
        env: { EXTRA: 'x1' },
      },
    );
    expect(result).toEqual({ exitCode: 3, stdout: 'got secret-from-stdin x1\n', stderr: 'oops\n' });
  });

  it('a missing command is a CommandNotFoundError that says what to install', async () => {
    await expect(spawnExec('definitely-not-a-command-xyz', [])).rejects.toBeInstanceOf(CommandNotFoundError);
  });

  it('stops the process on cancellation and rejects with the reason', async () => {
    const controller = new AbortController();
    const started = spawnExec('sleep', ['30'], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by test')), 50);
    await expect(started).rejects.toThrow('cancelled by test');
  });

  it('streams with workflow commands switched off around the output', async () => {
    const writes: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      await spawnExec('sh', ['-c', 'printf "::set-output name=x::y"'], { stream: true });
    } finally {
      spy.mockRestore();
    }
    const text = writes.join('');
    const token = /::stop-commands::(\S+)\n/.exec(text)?.[1] as string;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const inner = text.slice(text.indexOf(token) + token.length, text.lastIndexOf(`::${token}::`));
    expect(inner).toContain('::set-output name=x::y');
    // The output did not end with a newline: the resume command still starts on its own line.
    expect(text.endsWith(`::set-output name=x::y\n::${token}::\n`)).toBe(true);
    expect(text.startsWith('[command]sh -c')).toBe(true);
  });

  it('lastLines keeps the end of the output', () => {
    expect(lastLines({ stdout: 'a\n\nb\n', stderr: 'c\nd\n' }, 2)).toBe('c / d');
  });
});
