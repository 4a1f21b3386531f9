// CHANGELOG.md (Keep a Changelog): the section of one version, which becomes the release notes.

/** The body of `## [X.Y.Z] - date` up to the next `## ` heading, trimmed; undefined when absent. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const lines = changelog.split('\n');
  const heading = new RegExp(`^## \\[?v?${version.replace(/\./g, '\\.')}\\]?(\\s|$)`);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return undefined;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^## /.test(l));
  const body = (end < 0 ? rest : rest.slice(0, end))
    // Link references ([1.2.0]: https://...) belong to the whole file, not to one section.
    .filter((l) => !/^\[[^\]]+\]:\s*\S+/.test(l))
    .join('\n')
    .trim();
  return body === '' ? undefined : body;
}

/** The release notes for a version, or an error naming the heading CHANGELOG.md lacks. */
export function releaseNotes(changelog: string, version: string): string {
  const notes = changelogSection(changelog, version);
  if (notes === undefined)
    throw new Error(
      `CHANGELOG.md has no section for ${version}: add '## [${version}] - YYYY-MM-DD' with what changed (move the Unreleased entries there)`,
    );
  return notes;
}
