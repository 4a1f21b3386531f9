// pnpm check-dist: rebuilds every action into a scratch folder and fails, listing the actions,
// when a committed dist/ differs from what its source builds to.
import { listActions } from './lib/actions.js';
import { staleDists } from './lib/stale-dist.js';

const actions = listActions();
const stale = await staleDists(actions);
if (stale.length > 0) {
  console.error(`dist/ is out of date for ${stale.length} action(s); run \`pnpm build\` and commit dist/:`);
  stale.forEach((line) => console.error(`  - ${line}`));
  process.exit(1);
}
console.log(`dist/ matches the source for all ${actions.length} action(s)`);
