// What a `uses:` of the workflow turns into on this machine: one of this repository's bundled
// actions, run through the harness, or a stand-in for a step that needs GitHub-hosted services.
import path from 'node:path';

/** Steps the rehearsal cannot run here, and what it does instead (said in the timeline). */
export const STAND_INS: Record<string, string> = {
  'actions/checkout': 'stood in: the rehearsal workspace is the checkout',
  'aws-actions/configure-aws-credentials':
    'stood in: no OIDC here; AWS endpoints, region and test credentials point at the local ECS emulator',
  'actions/setup-node': "stood in: this machine's Node is used",
  'pnpm/action-setup': "stood in: this machine's pnpm is used",
  'actions/upload-artifact': 'stood in: artifacts stay in the rehearsal workspace',
  'actions/download-artifact': 'stood in: artifacts are already in the rehearsal workspace',
};

export type StepKind =
  | { kind: 'action'; actionDir: string; name: string }
  | { kind: 'stand-in'; action: string; note: string }
  | { kind: 'run' };

/**
 * `OWNER/REPO/actions/<name>@ref` of this repository (the form a reusable workflow must use) and
 * `./actions/<name>` both run the local `actions/<name>`; any other action must have a stand-in.
 */
export function stepKind(
  step: { uses?: string; run?: string },
  repoRoot: string,
  thisRepository: string,
): StepKind {
  if (step.uses === undefined) {
    if (step.run === undefined) throw new Error('a step has neither uses nor run');
    return { kind: 'run' };
  }
  const uses = step.uses.trim();
  const local = /^\.\/actions\/([a-z0-9-]+)\/?$/.exec(uses);
  const ours = /^([^/@]+\/[^/@]+)\/actions\/([a-z0-9-]+)@\S+$/.exec(uses);
  if (local || (ours && ours[1]!.toLowerCase() === thisRepository.toLowerCase())) {
    const name = (local?.[1] ?? ours?.[2]) as string;
    return { kind: 'action', name, actionDir: path.join(repoRoot, 'actions', name) };
  }
  const action = uses.split('@')[0]!.toLowerCase();
  const note = STAND_INS[action];
  if (note === undefined) {
    throw new Error(`step uses ${uses}, which the rehearsal can neither run here nor stand in for`);
  }
  return { kind: 'stand-in', action, note };
}
