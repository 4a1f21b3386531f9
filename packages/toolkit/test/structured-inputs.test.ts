// The structured input readers: lists, maps, JSON, URLs and workspace paths.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { readJson, readList, readMap, readUrl, readWorkspacePath } from '../src/index.js';
import { withInputs } from './env.js';

let restore = (): void => {};
afterEach(() => restore());
const given = (inputs: Record<string, string>): void => {
  restore = withInputs(inputs);
};

describe('readList', () => {
  it('splits on commas and newlines, trimming and dropping blanks', () => {
    given({ services: 'api, worker\n\n  web  \n' });
    expect(readList('services')).toEqual(['api', 'worker', 'web']);
  });
  it('checks each item', () => {
    given({ services: 'api,Bad Service' });
    expect(() => readList('services', { item: /^[\w-]+$/, itemHint: 'a service name' })).toThrow(
      /Input 'services' has an item "Bad Service" that is not a service name/,
    );
  });
  it('refuses a list of only separators', () => {
    given({ services: ' , ,\n' });
    expect(() => readList('services')).toThrow(/has no items/);
  });
});

describe('readMap', () => {
  it('reads key=value lines, keeping empty values and later separators', () => {
    given({ env: 'A=1\n# comment\n\nEMPTY=\nURL=postgres://h/db?x=1\n' });
    expect([...(readMap('env') ?? [])]).toEqual([
      ['A', '1'],
      ['EMPTY', ''],
      ['URL', 'postgres://h/db?x=1'],
    ]);
  });
  it('names the bad line', () => {
    given({ env: 'A=1\nnot a pair' });
    expect(() => readMap('env')).toThrow(/Input 'env' line 2 "not a pair" is not KEY=VALUE/);
  });
  it('refuses repeated keys and bad keys', () => {
    given({ env: 'A=1\nA=2', images: 'web:app=img' });
    expect(() => readMap('env')).toThrow(/repeats the key "A"/);
    expect(() => readMap('images', { key: /^[a-z]+$/, keyHint: 'a container name' })).toThrow(
      /has a key "web:app" that is not a container name/,
    );
  });
  it('takes another separator', () => {
    given({ env: 'web:KEY=v' });
    expect([...(readMap('env', { separator: ':' }) ?? [])]).toEqual([['web', 'KEY=v']]);
  });
  it('does not echo secret lines', () => {
    given({ secrets: 'no separator here s3cr3t' });
    expect(() => readMap('secrets', { secret: true })).toThrow(/line 1 the given value is not KEY=VALUE/);
  });
});

describe('readJson', () => {
  it('parses and validates', () => {
    given({ payload: '{"a": [1]}', bad: '{a:1}', list: '{}' });
    expect(readJson('payload')).toEqual({ a: [1] });
    expect(() => readJson('bad')).toThrow(/Input 'bad' is not valid JSON/);
    expect(() =>
      readJson('list', { validate: (v) => (Array.isArray(v) ? undefined : 'must be a JSON array') }),
    ).toThrow(/Input 'list' must be a JSON array/);
  });
});

describe('readUrl', () => {
  it('accepts http(s) URLs', () => {
    given({ url: 'https://app.example.com/health' });
    expect(readUrl('url')?.hostname).toBe('app.example.com');
  });
  it.each([
    ['example.com/path', /is not an absolute URL/],
    ['ftp://example.com', /must use https or http, not ftp/],
    ['http://', /is not an absolute URL/],
  ])('refuses %s', (text, problem) => {
    given({ url: text });
    expect(() => readUrl('url')).toThrow(problem);
  });
  it('keeps a secret URL out of the message', () => {
    given({ 'webhook-url': 'hooks.slack.com/services/T000/B000/XXXX' });
    expect(() => readUrl('webhook-url', { secret: true, protocols: ['https:'] })).toThrow(
      /^Input 'webhook-url' the given value is not an absolute URL/,
    );
  });
});

describe('readWorkspacePath', () => {
  let workspace = '';
  let outside = '';
  beforeAll(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    fs.mkdirSync(path.join(workspace, 'deploy'));
    fs.writeFileSync(path.join(workspace, 'deploy', 'td.json'), '{}');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'x');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(workspace, 'link.txt'));
  });
  afterAll(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });
  it('resolves inside the workspace', () => {
    given({ file: 'deploy/td.json' });
    expect(readWorkspacePath('file', { root: workspace, mustExist: 'file' })).toBe(
      path.join(workspace, 'deploy', 'td.json'),
    );
  });
  it.each([
    ['../etc/passwd', /points outside the workspace/],
    ['/etc/passwd', /points outside the workspace/],
    ['link.txt', /links to a place outside the workspace/],
    ['deploy/missing.json', /does not exist in the workspace/],
    ['deploy', /is a directory, not a file/],
  ])('refuses %s', (text, problem) => {
    given({ file: text });
    expect(() => readWorkspacePath('file', { root: workspace, mustExist: 'file' })).toThrow(problem);
  });
  it('defaults to GITHUB_WORKSPACE', () => {
    given({ file: 'deploy/td.json' });
    const previous = process.env.GITHUB_WORKSPACE;
    process.env.GITHUB_WORKSPACE = workspace;
    try {
      expect(readWorkspacePath('file')).toBe(path.join(workspace, 'deploy', 'td.json'));
    } finally {
      if (previous === undefined) delete process.env.GITHUB_WORKSPACE;
      else process.env.GITHUB_WORKSPACE = previous;
    }
  });
});

describe('multi-line by design', () => {
  it('lists, maps and JSON accept line breaks; a URL does not', () => {
    const restore = withInputs({
      list: 'a\nb',
      map: 'A=1\nB=2',
      json: '{\n"a": 1\n}',
      url: 'https://example.com/\n::error::x',
    });
    try {
      expect(readList('list')).toEqual(['a', 'b']);
      expect(readMap('map')?.size).toBe(2);
      expect(readJson('json')).toEqual({ a: 1 });
      expect(() => readUrl('url')).toThrow(/'url' has a line break/);
    } finally {
      restore();
    }
  });
});

describe('credentials in URLs', () => {
  it('are refused without repeating the password, unless the reader allows them', () => {
    const restore = withInputs({ hook: 'http://deploy:Hunter2Pw@127.0.0.1:8080/services/x' });
    try {
      const error = (() => {
        try {
          readUrl('hook', { secret: true, example: 'https://hooks.slack.com/services/…' });
        } catch (e) {
          return e as Error;
        }
        throw new Error('expected an InputError');
      })();
      expect(error.message).toMatch(/^Input 'hook' carries credentials \(user:password@ before the host\)/);
      expect(error.message).not.toContain('Hunter2Pw');
      expect(readUrl('hook', { allowCredentials: true })?.password).toBe('Hunter2Pw');
    } finally {
      restore();
    }
  });
});
