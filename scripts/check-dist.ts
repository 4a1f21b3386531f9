// pnpm check-dist: rebuilds every action into a scratch folder and fails, listing the actions,
// when a committed dist/ differs from what its source builds to.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleAction, inParallel, listActions, listFiles } from './lib/actions.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'check-dist-'));
const problems = await inParallel(listActions(), async (dir) => {
  const fresh = path.join(scratch, path.basename(dir));
  await bundleAction(dir, fresh);
  const committed = path.join(dir, 'dist');
  const names = new Set([...listFiles(fresh), ...listFiles(committed)]);
  const differing = [...names].filter((rel) => {
    const a = path.join(fresh, rel);
    const b = path.join(committed, rel);
    return !fs.existsSync(a) || !fs.existsSync(b) || !fs.readFileSync(a).equals(fs.readFileSync(b));
  });
  return differing.length > 0 ? `${path.basename(dir)}: ${differing.join(', ')}` : undefined;
});
fs.rmSync(scratch, { recursive: true, force: true });
const stale = problems.filter((p) => p !== undefined);
if (stale.length > 0) {
  console.error(`dist/ is out of date for ${stale.length} action(s); run \`pnpm build\` and commit dist/:`);
  stale.forEach((line) => console.error(`  - ${line}`));
  process.exit(1);
}
console.log(`dist/ matches the source for all ${problems.length} action(s)`);
