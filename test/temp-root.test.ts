// The test run's own temporary folder (test/support/temp-root.js): every scratch folder a test,
// action or CLI makes with os.tmpdir() lands in it, and the run removes it when it ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { makeRunTempRoot, removeRunTempRoot } from './support/temp-root.js';

describe("the test run's temporary folder", () => {
  it('is where this file makes its scratch folders', () => {
    const root = process.env.SHIPLINE_TEST_TMP_ROOT;
    expect(root).toMatch(/shipline-tests-/);
    expect(os.tmpdir()).toBe(root);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
    expect(path.dirname(scratch)).toBe(root);
    fs.rmSync(scratch, { recursive: true });
  });

  it('is made fresh, handed on through TMPDIR, and removed with everything in it', () => {
    const env: Record<string, string | undefined> = {};
    const root = makeRunTempRoot(env);
    expect(env).toEqual({ TMPDIR: root, SHIPLINE_TEST_TMP_ROOT: root });
    fs.mkdirSync(path.join(root, 'left-by-a-test', 'deep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'left-by-a-test', 'deep', 'file'), 'x');
    removeRunTempRoot(env);
    expect(fs.existsSync(root)).toBe(false);
  });

  it('removes nothing that is not a run folder', () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-run-'));
    try {
      removeRunTempRoot({ SHIPLINE_TEST_TMP_ROOT: elsewhere });
      removeRunTempRoot({});
      expect(fs.existsSync(elsewhere)).toBe(true);
    } finally {
      fs.rmSync(elsewhere, { recursive: true });
    }
  });
});
