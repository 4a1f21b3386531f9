// The environment files a step writes (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH), parsed as the runner parses them.
import { describe, expect, it } from '@jest/globals';
import { FileCommandError, parseFileCommands, parsePathFile } from '../src/index.js';

function errorOf(text: string): FileCommandError {
  try {
    parseFileCommands(text);
  } catch (error) {
    if (error instanceof FileCommandError) return error;
    throw error;
  }
  throw new Error('expected a FileCommandError');
}

describe('parseFileCommands (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV)', () => {
  it('reads name=value lines, splitting at the first = and skipping empty lines', () => {
    expect(parseFileCommands('a=1\n\nb=x=y\nc=\n')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: 'x=y' },
      { name: 'c', value: '' },
    ]);
  });

  it('reads the heredoc form with multi-line values, exactly as @actions/core writes it', () => {
    const text =
      'json<<ghadelimiter_1\n{\n  "a": 1\n}\nghadelimiter_1\n' + 'empty<<EOF\nEOF\n' + 'blank<<EOF\n\nEOF\n';
    expect(parseFileCommands(text)).toEqual([
      { name: 'json', value: '{\n  "a": 1\n}' },
      { name: 'empty', value: '' },
      { name: 'blank', value: '' },
    ]);
  });

  it('lets the first of = and << decide the form', () => {
    expect(parseFileCommands('a=b<<c\nx<<E\ny=z\nE\n')).toEqual([
      { name: 'a', value: 'b<<c' },
      { name: 'x', value: 'y=z' },
    ]);
  });

  it('keeps a carriage return, since the Linux runner splits at \\n only', () => {
    expect(parseFileCommands('a=1\r\n')).toEqual([{ name: 'a', value: '1\r' }]);
    expect(parseFileCommands('v<<EOF\r\nx\r\nEOF\r\n')).toEqual([{ name: 'v', value: 'x\r' }]);
    expect(errorOf('v<<EOF\nx\r\nEOF\r\n').message).toBe("Invalid value. Matching delimiter not found 'EOF'");
  });

  it('fails on a heredoc without its closing delimiter, keeping what came before', () => {
    const error = errorOf('ok=1\nvalue<<END\nline\nEND-ish\n');
    expect(error.message).toBe("Invalid value. Matching delimiter not found 'END'");
    expect(error.entries).toEqual([{ name: 'ok', value: '1' }]);
  });

  it('fails on the runner’s other malformed forms', () => {
    expect(errorOf('v<<EOF\nlast line without newline').message).toBe(
      'Invalid value. EOF marker missing new line.',
    );
    expect(errorOf('<<EOF\nx\nEOF\n').message).toBe(
      "Invalid format '<<EOF'. Name must not be empty and delimiter must not be empty",
    );
    expect(errorOf('name<<\n').message).toMatch(/delimiter must not be empty/);
    expect(errorOf('just text\n').message).toBe("Invalid format 'just text'");
  });
});

describe('parsePathFile (GITHUB_PATH)', () => {
  it('reads one directory per line with any line ending', () => {
    expect(parsePathFile('/a\r\n/b\n\n/c')).toEqual(['/a', '/b', '/c']);
  });
});
