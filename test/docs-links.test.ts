// The release, install, migration and troubleshooting docs' links hold: every relative link names a file of the repository, and every
// #anchor a heading of the page it points into (GitHub's heading slugs).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';

const PAGES = [
  'CHANGELOG.md',
  'SECURITY.md',
  'docs/install.md',
  'docs/migration.md',
  'docs/releasing.md',
  'docs/troubleshooting.md',
  'docs/versioning.md',
];

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (file: string) =>
  new Set(
    [...fs.readFileSync(path.join(repoRoot, file), 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
      slug(m[1]!),
    ),
  );

describe('links in the user docs', () => {
  it.each(PAGES)('%s: relative links reach a file, and anchors a heading', (page) => {
    const text = fs.readFileSync(path.join(repoRoot, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const resolved =
        file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
      expect({ target, exists: fs.existsSync(path.join(repoRoot, resolved)) }).toEqual({
        target,
        exists: true,
      });
      if (anchor !== undefined && resolved.endsWith('.md'))
        expect({ target, anchor: anchorsOf(resolved).has(anchor) }).toEqual({ target, anchor: true });
    }
  });

  it('slugs headings as GitHub does', () => {
    expect(slug('13. OIDC: not authorized to perform sts:AssumeRoleWithWebIdentity')).toBe(
      '13-oidc-not-authorized-to-perform-stsassumerolewithwebidentity',
    );
    expect(slug('10. Not authorized to perform ecs:…')).toBe('10-not-authorized-to-perform-ecs');
  });
});
