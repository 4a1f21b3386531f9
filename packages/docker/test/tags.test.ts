// Tag templates: {{sha}}, {{branch}}, semver and the rest, sanitised; the immutable tag.
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TAGS, resolveTags, sanitizeTag, TagTemplateError, type GitContext } from '../src/index.js';

const SHA = '3f2a9c1d4e5b6a7980716253443526170819a0b1';
const git = (ref: string, extra: Partial<GitContext> = {}): GitContext => ({
  ref,
  sha: SHA,
  defaultBranch: 'main',
  now: new Date('2026-03-04T23:59:59Z'),
  ...extra,
});
// What a team that asks for moving tags writes (the default has none: DEFAULT_TAGS).
const MOVING = ['{{sha}}', '{{branch}}', '{{semver}}', 'latest'];

describe('resolveTags, the default tags', () => {
  it('hold no moving tag: the sha on every branch, the sha and the version on a version tag', () => {
    for (const ref of ['refs/heads/main', 'refs/heads/develop', 'refs/pull/42/merge']) {
      const result = resolveTags(DEFAULT_TAGS, git(ref));
      expect(result).toEqual({
        tags: [SHA],
        immutable: SHA,
        skipped: [`{{semver}}: ${ref} is not a semver tag`],
      });
    }
    expect(resolveTags(DEFAULT_TAGS, git('refs/tags/v1.2.3')).tags).toEqual([SHA, '1.2.3']);
  });

  it('give two commits on main two tags, neither shared with the other (an immutable repository takes both)', () => {
    const first = resolveTags(DEFAULT_TAGS, git('refs/heads/main')).tags;
    const second = resolveTags(DEFAULT_TAGS, git('refs/heads/main', { sha: 'b'.repeat(40) })).tags;
    expect(first.filter((tag) => second.includes(tag))).toEqual([]);
  });
});

describe('resolveTags', () => {
  it('moving tags on the default branch: sha, branch and latest; semver is skipped with a reason', () => {
    const result = resolveTags(MOVING, git('refs/heads/main'));
    expect(result.tags).toEqual([SHA, 'main', 'latest']);
    expect(result.immutable).toBe(SHA);
    expect(result.skipped).toEqual(['{{semver}}: refs/heads/main is not a semver tag']);
  });

  it('sanitises branches with slashes and invalid characters', () => {
    expect(resolveTags(['{{branch}}'], git('refs/heads/feature/Login_page#2')).tags).toEqual([
      'feature-Login_page-2',
    ]);
    expect(resolveTags(['{{branch}}'], git('refs/heads/.hidden//x')).tags).toEqual(['hidden-x']);
    expect(resolveTags(['{{branch}}-{{sha-short}}'], git('refs/heads/fix/ä-ö')).tags).toEqual([
      'fix-3f2a9c1',
    ]);
  });

  it('keeps latest off other branches unless forced with latest!', () => {
    const result = resolveTags(['{{sha-short}}', 'latest'], git('refs/heads/develop'));
    expect(result.tags).toEqual(['3f2a9c1']);
    expect(result.skipped[0]).toMatch(
      /refs\/heads\/develop is not the default branch main; write latest! to add it anyway/,
    );
    expect(resolveTags(['{{sha-short}}', 'latest!'], git('refs/heads/develop')).tags).toEqual([
      '3f2a9c1',
      'latest',
    ]);
  });

  it('leaves latest out when the default branch is unknown', () => {
    const result = resolveTags(['{{sha}}', 'latest'], git('refs/heads/main', { defaultBranch: undefined }));
    expect(result.tags).toEqual([SHA]);
    expect(result.skipped[0]).toMatch(/the default branch is unknown/);
  });

  it('pull requests: {{branch}} is pr-<number>, latest never', () => {
    const result = resolveTags(MOVING, git('refs/pull/42/merge'));
    expect(result.tags).toEqual([SHA, 'pr-42']);
  });

  it('tag refs: {{semver}} from v1.2.3, prereleases kept, build metadata made valid; no branch', () => {
    expect(resolveTags(MOVING, git('refs/tags/v1.2.3')).tags).toEqual([SHA, '1.2.3']);
    expect(resolveTags(['{{semver}}'], git('refs/tags/v2.0.0-rc.1')).tags).toEqual(['2.0.0-rc.1']);
    expect(resolveTags(['{{semver}}'], git('refs/tags/1.0.0+build.7')).tags).toEqual(['1.0.0-build.7']);
    const notSemver = resolveTags(['{{sha}}', '{{semver}}'], git('refs/tags/release-7'));
    expect(notSemver.tags).toEqual([SHA]);
    expect(notSemver.skipped).toEqual(['{{semver}}: refs/tags/release-7 is not a semver tag']);
  });

  it('{{date}} is the UTC day', () => {
    expect(resolveTags(['nightly-{{date}}'], git('refs/heads/main')).tags).toEqual(['nightly-20260304']);
  });

  it('dedupes, skips blanks and comments, and picks the first sha tag as the immutable one', () => {
    const result = resolveTags(
      ['', '# pinned', 'stable', '{{sha-short}}', '{{sha}}', 'stable'],
      git('refs/heads/main'),
    );
    expect(result.tags).toEqual(['stable', '3f2a9c1', SHA]);
    expect(result.immutable).toBe('3f2a9c1');
  });

  it('has no immutable tag when no line uses the sha', () => {
    expect(resolveTags(['v1', '{{branch}}'], git('refs/heads/main')).immutable).toBeUndefined();
  });

  it.each([
    [['feature/login'], /line 1 "feature\/login" is not a valid tag/],
    [
      ['{{sha}}', '{{commit}}'],
      /line 2 "\{\{commit\}\}" uses \{\{commit\}\}, which is not one of \{\{sha\}\}, \{\{sha-short\}\}/,
    ],
    [['{{sha}'], /has an unbalanced \{\{ or \}\}/],
    [['-{{sha}}'], /is not a valid tag/],
    [
      ['{{semver}}'],
      /gives no tag on refs\/heads\/main: \{\{semver\}\}: refs\/heads\/main is not a semver tag/,
    ],
    [[''], /gives no tag/],
  ])('rejects %j', (lines, problem) => {
    expect(() => resolveTags(lines, git('refs/heads/main'))).toThrow(problem);
  });

  it('needs a real commit sha for sha templates', () => {
    expect(() => resolveTags(['{{sha}}'], git('refs/heads/main', { sha: '' }))).toThrow(TagTemplateError);
    expect(resolveTags(['v1'], git('refs/heads/main', { sha: '' })).tags).toEqual(['v1']);
  });

  it('cuts templates longer than 128 characters', () => {
    const [tag] = resolveTags(['{{branch}}-{{sha}}'], git(`refs/heads/${'b'.repeat(120)}`)).tags;
    expect(tag).toHaveLength(128);
  });
});

describe('sanitizeTag', () => {
  it.each([
    ['feature/x', 'feature-x'],
    ['--x--', 'x'],
    ['a  b', 'a-b'],
    ['.dots.', 'dots.'],
    ['///', undefined],
  ])('%j → %j', (text, tag) => expect(sanitizeTag(text)).toBe(tag));
});
