// The GitHub `owner/name` of a checkout, read offline from its git remote (origin first).
import { spawnSync } from 'node:child_process';

/** `owner/name` from a GitHub remote URL (https, ssh or scp-like), or undefined. */
export function repositoryFromUrl(url: string): string | undefined {
  const m =
    /^(?:https?:\/\/[^/]+\/|ssh:\/\/[^/]+\/|[^@\s]+@[^:\s]+:)([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return m ? `${m[1]}/${m[2]}` : undefined;
}

export function gitRemoteRepository(dir: string): string | undefined {
  const git = (...args: string[]) => spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  const remotes = git('remote');
  if (remotes.status !== 0) return undefined;
  const names = remotes.stdout.split('\n').filter(Boolean);
  const name = names.includes('origin') ? 'origin' : names[0];
  if (name === undefined) return undefined;
  const url = git('remote', 'get-url', name);
  return url.status === 0 ? repositoryFromUrl(url.stdout) : undefined;
}

/** The release tag (vX.Y.Z) a commit of this checkout carries, for the `# vX.Y.Z` pin comment. */
export function releaseTagAt(dir: string, sha: string): string | undefined {
  const tags = spawnSync('git', ['-C', dir, 'tag', '--points-at', sha], { encoding: 'utf8' });
  if (tags.status !== 0) return undefined;
  return tags.stdout
    .split('\n')
    .filter((t) => /^v\d+\.\d+\.\d+$/.test(t))
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .pop();
}
