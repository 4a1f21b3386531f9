// One temporary folder per test run. Test files, the actions they run and the CLIs they start make
// their scratch folders with os.tmpdir() (mkdtemp); pointing TMPDIR at a folder of the run's own,
// set before Jest starts its workers (which inherit it), and removing that folder when the run ends
// means no run leaves anything in the machine's /tmp, whatever a test forgot or a crash skipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'shipline-tests-';

/** Jest's globalSetup: makes the run's folder under the current os.tmpdir() and points TMPDIR at it. */
export function makeRunTempRoot(env = process.env) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  env.SHIPLINE_TEST_TMP_ROOT = root;
  env.TMPDIR = root;
  return root;
}

/** Jest's globalTeardown: removes the run's folder and everything in it. */
export function removeRunTempRoot(env = process.env) {
  const root = env.SHIPLINE_TEST_TMP_ROOT;
  if (!root || !path.basename(root).startsWith(PREFIX)) return;
  fs.rmSync(root, { recursive: true, force: true });
}
