// Releases: main's reusable workflows and templates call this repository at the floating major;
// a release build (./dev release-prepare) pins every self-reference to the release tag, still
// passes GitHub's parser, actionlint and the policy, and release-check refuses anything floating.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../scripts/lib/actions.js';
import { planInstall } from '../scripts/lib/pipeline-install.js';
import { changelogSection } from '../scripts/release/changelog.js';
import { checkRelease, prepareRelease } from '../scripts/release/release-tree.js';
import {
  FLOATING_MAJOR,
  floatingReferences,
  releasedFiles,
  selfReferences,
  treeRef,
} from '../scripts/release/self-references.js';
import { actionlintFindings, githubWorkflowErrors } from './support/workflow-checkers.js';
import { localWorkflowProvider } from './support/workflow-files.js';
import { policyViolations } from './support/workflow-policy.js';

const CHANGELOG = `# Changelog\n\n## [Unreleased]\n\n## [1.4.0] - 2026-12-03\n\n### Added\n\n- a thing\n\n## [1.3.0] - 2026-11-30\n\n- older\n\n[1.4.0]: https://example.com/compare\n`;

let root = '';
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'));
  for (const dir of ['.github/workflows', 'workflows'])
    fs.cpSync(path.join(repoRoot, dir), path.join(root, dir), { recursive: true });
  fs.writeFileSync(path.join(root, 'CHANGELOG.md'), CHANGELOG);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("main's files", () => {
  const files = releasedFiles(repoRoot);

  it('call this repository at one ref: the documented floating major, or a release tag in a release tree', () => {
    const ref = treeRef(files);
    if (ref !== FLOATING_MAJOR) {
      // A release commit: the tag it was prepared for, with its CHANGELOG section.
      expect(checkRelease(repoRoot, ref)).not.toBe('');
    }
    expect(ref === FLOATING_MAJOR || /^v\d+\.\d+\.\d+$/.test(ref)).toBe(true);
    const targets = new Set(selfReferences(files).map((r) => r.target));
    for (const action of ['build-and-push', 'deploy-ecs', 'rollback', 'smoke-test', 'approve-gate'])
      expect(targets).toContain(`actions/${action}`);
    expect(targets).toContain('.github/workflows/reusable-deploy.yml');
  });

  it('hold no reference to this repository that the release rewrite would miss', () => {
    const found = selfReferences(files).length;
    const mentioned = files.flatMap((f) => f.content.match(/shipline\/shipline\//g) ?? []).length;
    expect(found).toBe(mentioned);
  });

  it('CHANGELOG.md is Keep a Changelog with an Unreleased section', () => {
    const changelog = fs.readFileSync(path.join(repoRoot, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/keepachangelog\.com/);
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    for (const file of ['LICENSE', 'SECURITY.md', 'docs/versioning.md', 'docs/releasing.md'])
      expect(fs.existsSync(path.join(repoRoot, file))).toBe(true);
  });
});

describe('a release build (release-prepare 1.4.0)', () => {
  it('has no floating self-reference: every one points at v1.4.0, and nothing else changed', () => {
    const before = releasedFiles(root);
    const { changed, notes } = prepareRelease(root, '1.4.0');
    const after = releasedFiles(root);
    expect(floatingReferences(after, 'v1.4.0')).toEqual([]);
    expect(selfReferences(after)).toHaveLength(selfReferences(before).length);
    expect(changed.map((c) => c.file)).toEqual(
      expect.arrayContaining(['.github/workflows/reusable-deploy.yml', 'workflows/cd.yml']),
    );
    for (const [i, file] of after.entries())
      expect(file.content.replace(/@v1\.4\.0/g, '@v1')).toBe(before[i]!.content);
    expect(notes).toBe('### Added\n\n- a thing');
    expect(checkRelease(root, 'v1.4.0')).toBe(notes);
  });

  it("still passes GitHub's parser, actionlint and the policy", async () => {
    prepareRelease(root, 'v1.4.0');
    const provider = localWorkflowProvider(root);
    for (const file of releasedFiles(root).filter((f) => !f.file.endsWith('repository-policy.yml'))) {
      const source = { path: file.file, content: file.content };
      expect(await githubWorkflowErrors(source, provider)).toEqual([]);
      expect(await actionlintFindings(source)).toEqual([]);
      expect(policyViolations(source)).toEqual([]);
    }
  });

  it('installs into an application pinned to the given ref, whatever tag the templates carry', () => {
    prepareRelease(root, '1.4.0');
    fs.cpSync(path.join(repoRoot, 'workflows'), path.join(root, 'workflows'), {
      recursive: true,
      filter: (src) => !/\.yml$/.test(src) || src.endsWith('repository-policy.yml'),
    });
    const planned = planInstall(
      {
        shipline: 'acme/shipline',
        into: root,
        ref: 'v1.4.0',
        force: false,
        app: 'shop',
        accountId: '123456789012',
        region: 'eu-west-1',
      },
      root,
    );
    const cd = planned.find((f) => f.path === '.github/workflows/cd.yml')!.content;
    expect(cd).toMatch(/uses: acme\/shipline\/\.github\/workflows\/reusable-deploy\.yml@v1\.4\.0\n/);
  });

  it('is refused for a bad version, another major, a missing CHANGELOG section or a tree of another release', () => {
    expect(() => prepareRelease(root, '1.4')).toThrow(
      /'1\.4' is not valid: .*\(e\.g\. 1\.4\.0 or v1\.4\.0\)/,
    );
    expect(() => prepareRelease(root, '2.0.0')).toThrow(
      /v2\.0\.0 is major v2, but the workflows float on v1: a new major first moves/,
    );
    expect(() => prepareRelease(root, '1.5.0')).toThrow(
      /CHANGELOG\.md has no section for 1\.5\.0: add '## \[1\.5\.0\]/,
    );
    prepareRelease(root, '1.4.0');
    expect(prepareRelease(root, '1.4.0').changed).toEqual([]);
    fs.appendFileSync(path.join(root, 'CHANGELOG.md'), '\n## [1.3.1] - 2026-12-01\n\n- fix\n');
    expect(() => prepareRelease(root, '1.3.1')).toThrow(/already pinned to v1\.4\.0/);
  });
});

describe('release-check (the release workflow gate)', () => {
  it("refuses main's floating references, naming each file and line", () => {
    expect(() => checkRelease(root, 'v1.4.0')).toThrow(
      /self-reference\(s\) do not point at v1\.4\.0; run `\.\/dev release-prepare 1\.4\.0`[\s\S]*\.github\/workflows\/reusable-deploy\.yml:\d+: shipline\/shipline\/actions\/deploy-ecs@v1/,
    );
    prepareRelease(root, '1.4.0');
    expect(() => checkRelease(root, '1.4.0')).toThrow(/release tags are written v1\.4\.0, not '1\.4\.0'/);
  });

  it('as a CLI: notes to a file, exit 2 with the reason on a floating tree', () => {
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/release/check.ts', ...args],
        { cwd: repoRoot, encoding: 'utf8' },
      );
    const refused = cli('v1.4.0', '--root', root);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^release-check: \d+ self-reference\(s\) do not point at v1\.4\.0/);
    prepareRelease(root, '1.4.0');
    const notesFile = path.join(root, 'notes.md');
    expect(cli('v1.4.0', '--root', root, '--notes-file', notesFile).status).toBe(0);
    expect(fs.readFileSync(notesFile, 'utf8')).toBe('### Added\n\n- a thing\n');
  });

  it('release-prepare as a CLI: a bad version or flag exits 2 naming a good value; a good one prints the next commands', () => {
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'scripts/release/prepare.ts', ...args],
        { cwd: repoRoot, encoding: 'utf8' },
      );
    expect(cli('1.4', '--root', root)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(
        /^release-prepare: release version '1\.4' is not valid: .*\(e\.g\. 1\.4\.0 or v1\.4\.0\)/,
      ),
    });
    expect(cli('1.4.0', '--nope')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^release-prepare: Unknown option '--nope'/),
    });
    const good = cli('1.4.0', '--root', root);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(
      /pinned to v1\.4\.0:\n {2}\.github\/workflows\/reusable-ci\.yml \(1 references\)/,
    );
    expect(good.stdout).toMatch(/git tag -a v1\.4\.0 -m v1\.4\.0\n {2}git push origin v1\.4\.0/);
    expect(floatingReferences(releasedFiles(root), 'v1.4.0')).toEqual([]);
  });

  it('reads one section of a Keep a Changelog file, link references left out', () => {
    expect(changelogSection(CHANGELOG, '1.3.0')).toBe('- older');
    expect(changelogSection(CHANGELOG, '1.2.0')).toBeUndefined();
  });
});

describe('release.yml', () => {
  const workflow = parseYaml(
    fs.readFileSync(path.join(repoRoot, '.github/workflows/release.yml'), 'utf8'),
  ) as { on: { push: { tags: string[] } }; jobs: Record<string, Record<string, unknown>> };
  const runs = (job: string) =>
    (workflow.jobs[job]!.steps as { run?: string }[]).map((s) => s.run ?? '').join('\n');

  it('runs on version tags only; checks, check-dist and tests before publishing', () => {
    expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(runs('verify')).toMatch(/pnpm release-check "\$TAG"/);
    expect(runs('verify')).toMatch(/pnpm check-dist/);
    expect(runs('verify')).toMatch(/pnpm test/);
    expect(workflow.jobs.publish!.needs).toBe('verify');
    expect(runs('publish')).toMatch(/gh release create "\$TAG"[\s\S]*--notes "\$NOTES"/);
    expect(runs('publish')).toMatch(/git\/refs\/tags\/\$major/);
  });

  it('contents: write only in the job that publishes', () => {
    const writers = Object.entries(workflow.jobs)
      .filter(([, job]) => JSON.stringify(job.permissions ?? {}).includes('write'))
      .map(([id]) => id);
    expect(writers).toEqual(['publish']);
    expect(workflow.jobs.publish!.permissions).toEqual({ contents: 'write' });
  });
});
