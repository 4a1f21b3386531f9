// ./dev release-check <tag> [--notes-file FILE] [--root DIR]: the release workflow's gate on a
// tagged tree: no self-reference other than the tag, and CHANGELOG.md's section for it (the notes).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/actions.js';
import { runReleaseCommand } from './cli.js';
import { checkRelease, ReleaseError } from './release-tree.js';

runReleaseCommand('release-check', () => {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { root: { type: 'string' }, 'notes-file': { type: 'string' } },
  });
  if (positionals.length !== 1)
    throw new ReleaseError('give exactly one release tag (e.g. ./dev release-check v1.4.0)');
  const tag = positionals[0]!;
  const notes = checkRelease(values.root ?? repoRoot, tag);
  if (values['notes-file'] !== undefined) fs.writeFileSync(values['notes-file'], `${notes}\n`);
  else console.log(notes);
  console.error(`release-check: ${tag}: every self-reference points at ${tag}; notes from CHANGELOG.md`);
});
