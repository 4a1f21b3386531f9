// Third-party actions the workflows may use, each pinned to the full commit SHA of a release. Every
// SHA was read from public workflows that pin the same release (`@<sha> # <version>`) in at least
// two independent repositories; none is made up. All of them run on node24 (node20 left the
// hosted runners in September 2026). To move a pin: find the release's commit, confirm it in two
// sources, change it here and in the workflows together.
export interface Pin {
  sha: string;
  version: string;
  confirmedBy: string;
}

export const PINS: Record<string, Pin> = {
  'actions/checkout': {
    sha: '08c6903cd8c0fde910a37f88322edcfb5dd907a8',
    version: 'v5.0.0',
    confirmedBy: 'public workflows and pin tables pinning `# v5.0.0`; Renovate PRs moving to v5.0.0 (node24)',
  },
  'actions/setup-node': {
    sha: 'a0853c24544627f65ddf259abe73b1d18a591444',
    version: 'v5.0.0',
    confirmedBy: 'public workflows pinning `# v5.0.0`; a repository pin table listing it as setup-node v5',
  },
  'aws-actions/configure-aws-credentials': {
    sha: 'ec61189d14ec14c8efccab744f656cffd0e33f37',
    version: 'v6.1.0',
    confirmedBy:
      'public workflows pinning `# v6.1.0`; a review linking the v6.1.0 commit (v6 runs on node24)',
  },
  'actions/upload-artifact': {
    sha: 'b7c566a772e6b6bfb58ed0dc250532a479d7789f',
    version: 'v6.0.0',
    confirmedBy:
      'public workflows and pin tables pinning `# v6.0.0`; a review suggesting this SHA for v6.0.0 (node24)',
  },
  'pnpm/action-setup': {
    sha: '0ebf47130e4866e96fce0953f49152a61190b271',
    version: 'v6.0.9',
    confirmedBy: 'public workflows and pin tables pinning `# v6.0.9` (v6 runs on node24)',
  },
};
