// ./dev release-prepare <version> [--root DIR]: pins the reusable workflows' and templates'
// self-references to the release tag, then prints the commands that commit and tag the release.
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/actions.js';
import { runReleaseCommand } from './cli.js';
import { prepareRelease, ReleaseError } from './release-tree.js';

const USAGE = `Usage: ./dev release-prepare <version> [--root DIR]

Rewrites every shipline/shipline/actions/<name>@v1 and shipline/shipline/.github/workflows/<file>@v1
in .github/workflows/ and workflows/ to @v<version>, after checking that CHANGELOG.md has a
section for <version>. Run it on a release branch cut from main; main keeps the floating major.`;

runReleaseCommand('release-prepare', () => {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { root: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1)
    throw new ReleaseError(`give exactly one version (e.g. ./dev release-prepare 1.4.0)\n\n${USAGE}`);
  const { release, changed } = prepareRelease(values.root ?? repoRoot, positionals[0]!);
  if (changed.length === 0) console.log(`already pinned to ${release.tag}; nothing to rewrite`);
  else {
    console.log(`pinned to ${release.tag}:`);
    for (const { file, references } of changed) console.log(`  ${file} (${references} references)`);
  }
  console.log(`next:
  git switch -c release/${release.tag}
  git commit -m "Release ${release.tag}" -- .github/workflows workflows
  git tag -a ${release.tag} -m ${release.tag}
  git push origin ${release.tag}     # the Release workflow tests it, publishes it and moves ${release.major}`);
});
