// release.yml's publish step run with GitHub's bash against a stand-in `gh` that records each call:
// the release is created with the CHANGELOG notes (passed as data, never run), and the major tag
// moves (or is created) only when this release is the newest of its major.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../scripts/lib/actions.js';
import { runShellSync } from './support/workflow-shell.js';

const workflow = parseYaml(fs.readFileSync(path.join(repoRoot, '.github/workflows/release.yml'), 'utf8')) as {
  jobs: Record<string, { steps: { id?: string; run?: string }[] }>;
};
const publish = workflow.jobs.publish!.steps.find((s) => s.id === 'publish')!.run!;
const COMMIT = 'c'.repeat(40);

/** `gh` as the step calls it: one line per call, each argument shell-quoted; tags from TAGS. */
const FAKE_GH = `#!/usr/bin/env bash
{ printf '%q ' "$@"; echo; } >> "$GH_CALLS"
case "$*" in
  *git/matching-refs/tags/*) printf '%s\\n' $TAGS | sed 's|^|refs/tags/|' ;;
  "api repos/"*"/git/ref/tags/"*) [ "$MAJOR" = 1 ] ;;
esac
`;

let bin = '';
beforeEach(() => {
  bin = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-'));
  fs.writeFileSync(path.join(bin, 'gh'), FAKE_GH, { mode: 0o755 });
});
afterEach(() => fs.rmSync(bin, { recursive: true, force: true }));

function run(tag: string, tags: string[], majorExists: boolean) {
  const calls = path.join(bin, 'calls');
  fs.writeFileSync(calls, '');
  const result = runShellSync(publish, {
    PATH: `${bin}:${process.env.PATH}`,
    GH_CALLS: calls,
    TAGS: tags.join(' '),
    MAJOR: majorExists ? '1' : '0',
    GH_TOKEN: 'ghs_test',
    REPOSITORY: 'shipline/shipline',
    TAG: tag,
    COMMIT,
    NOTES: `### Fixed\n\n- a thing; $(touch ${bin}/injected) \`x\``,
  });
  return { ...result, calls: fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean) };
}

describe('release.yml publish', () => {
  it('the newest release: published as latest with its notes, the major tag moved to its commit', () => {
    const { code, calls, output } = run('v1.4.0', ['v1.3.0', 'v1.4.0', 'v1.10.0-rc.1'], true);
    expect(code).toBe(0);
    const create = calls.find((c) => c.startsWith('release create '))!;
    expect(create).toContain(`--notes $'### Fixed\\n\\n- a thing; $(touch ${bin}/injected) \`x\`'`);
    expect(create).toMatch(
      /^release create v1\.4\.0 --repo shipline\/shipline --verify-tag --title v1\.4\.0 .*--latest=true $/,
    );
    expect(fs.existsSync(path.join(bin, 'injected'))).toBe(false);
    expect(calls.at(-1)).toBe(
      `api -X PATCH repos/shipline/shipline/git/refs/tags/v1 -f sha=${COMMIT} -F force=true --silent `,
    );
    expect(output).toContain(`v1 now points at v1.4.0 (${COMMIT})`);
  });

  it('the first release of a major creates its tag', () => {
    const { code, calls } = run('v2.0.0', ['v2.0.0'], false);
    expect(code).toBe(0);
    expect(calls.at(-1)).toBe(
      `api -X POST repos/shipline/shipline/git/refs -f ref=refs/tags/v2 -f sha=${COMMIT} --silent `,
    );
  });

  it('a patch to an older minor is published, not as latest, and leaves the major tag alone', () => {
    const { code, calls, output } = run('v1.3.1', ['v1.3.0', 'v1.3.1', 'v1.4.0'], true);
    expect(code).toBe(0);
    expect(calls.find((c) => c.startsWith('release create v1.3.1 '))).toMatch(/--latest=false $/);
    expect(calls.join('\n')).not.toMatch(/git\/refs/);
    expect(output).toContain('v1.3.1 is not the newest v1 release (v1.4.0 is): v1 stays where it is');
  });
});
