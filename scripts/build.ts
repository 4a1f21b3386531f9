// pnpm build [name…]: bundles every action (or the named ones) into its committed dist/, in parallel.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleAction, formatBytes, inParallel, listActions } from './lib/actions.js';

const wanted = process.argv.slice(2);
const actions = listActions().filter((dir) => wanted.length === 0 || wanted.includes(path.basename(dir)));
if (wanted.length > 0 && actions.length !== wanted.length) {
  console.error(
    `Unknown action(s): ${wanted.filter((w) => !actions.some((a) => path.basename(a) === w)).join(', ')}`,
  );
  process.exit(2);
}
const started = performance.now();
const results = await inParallel(actions, async (dir) => {
  // Build beside dist/ and swap, so a failed build never leaves a half-written dist/.
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), `ncc-${path.basename(dir)}-`));
  const result = await bundleAction(dir, staging);
  fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  fs.cpSync(staging, path.join(dir, 'dist'), { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
  console.log(
    `built ${result.action.padEnd(16)} ${formatBytes(result.bytes).padStart(9)} in ${(result.ms / 1000).toFixed(1)}s`,
  );
  return result;
});
const wall = (performance.now() - started) / 1000;
console.log(`${results.length} action(s) bundled in ${wall.toFixed(1)}s wall time`);
