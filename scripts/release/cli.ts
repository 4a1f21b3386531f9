// How the release commands end on a refusal: `<command>: <reason>` on stderr and exit 2, for a
// ReleaseError or a bad command line; anything else is a bug and throws.
import { ReleaseError } from './release-tree.js';

export function runReleaseCommand(command: string, body: () => void): void {
  try {
    body();
  } catch (error) {
    const badFlag = String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
    if (!(error instanceof ReleaseError) && !badFlag) throw error;
    console.error(`${command}: ${(error as Error).message}`);
    process.exit(2);
  }
}
