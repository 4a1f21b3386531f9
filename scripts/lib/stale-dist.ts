// check-dist's comparison: each action rebuilt into a scratch folder and compared file by file with its committed dist/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleAction, inParallel, listFiles } from './actions.js';

/**
 * Rebuilds each action into a scratch folder and compares it file by file with its committed
 * dist/. Returns one line per action whose dist/ differs: `name: file, file`.
 */
export async function staleDists(actionDirs: string[]): Promise<string[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'check-dist-'));
  try {
    const problems = await inParallel(actionDirs, async (dir) => {
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
    return problems.filter((p) => p !== undefined);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
