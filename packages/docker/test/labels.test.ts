// OCI labels from the run, merged with the user's; version from the ref.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { gitContextFromEnv, mergeLabels, ociLabels, versionOf, type GitContext } from '../src/index.js';

const SHA = '3f2a9c1d4e5b6a7980716253443526170819a0b1';
const git = (ref: string): GitContext => ({
  ref,
  sha: SHA,
  repositoryUrl: 'https://github.com/acme/shop',
  now: new Date('2026-03-04T05:06:07Z'),
});

describe('OCI labels', () => {
  it('derives source, revision, created and version', () => {
    expect(Object.fromEntries(ociLabels(git('refs/tags/v1.4.0')))).toEqual({
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.created': '2026-03-04T05:06:07.000Z',
      'org.opencontainers.image.version': '1.4.0',
    });
  });

  it('version: semver of a tag, else the branch, else pr-N, else the short sha', () => {
    expect(versionOf(git('refs/tags/release-7'))).toBe('release-7');
    expect(versionOf(git('refs/heads/feature/x'))).toBe('feature-x');
    expect(versionOf(git('refs/pull/9/merge'))).toBe('pr-9');
    expect(versionOf(git(''))).toBe('3f2a9c1');
  });

  it("merges the user's labels over the derived ones", () => {
    const merged = mergeLabels(
      ociLabels(git('refs/heads/main')),
      new Map([
        ['org.opencontainers.image.version', '2.0'],
        ['com.example.team', 'payments'],
      ]),
    );
    expect(merged.get('org.opencontainers.image.version')).toBe('2.0');
    expect(merged.get('com.example.team')).toBe('payments');
    expect(merged.get('org.opencontainers.image.revision')).toBe(SHA);
  });
});

describe('gitContextFromEnv', () => {
  it('reads the ref, the sha, the default branch from the event and SOURCE_DATE_EPOCH', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-'));
    const eventPath = path.join(dir, 'event.json');
    fs.writeFileSync(eventPath, JSON.stringify({ repository: { default_branch: 'trunk' } }));
    const context = gitContextFromEnv({
      GITHUB_REF: 'refs/heads/trunk',
      GITHUB_SHA: SHA.toUpperCase(),
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SERVER_URL: 'https://ghe.example.com',
      SOURCE_DATE_EPOCH: '1700000000',
    });
    fs.rmSync(dir, { recursive: true });
    expect(context).toEqual({
      ref: 'refs/heads/trunk',
      sha: SHA,
      defaultBranch: 'trunk',
      repositoryUrl: 'https://ghe.example.com/acme/shop',
      now: new Date(1_700_000_000_000),
    });
  });

  it('leaves the default branch unknown when the event has none or cannot be read', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(gitContextFromEnv({ GITHUB_EVENT_PATH: '/nonexistent/event.json' }, now)).toEqual({
      ref: '',
      sha: '',
      now,
    });
  });
});
