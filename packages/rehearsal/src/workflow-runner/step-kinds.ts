// What a `uses:` of the workflow turns into on this machine: one of the repository's own bundled
// actions, run through the harness, or one of the stand-ins the run was given.
import path from 'node:path';
import type { StandIn, WorkflowRun } from './run-types.js';

export type StepKind =
  | { kind: 'action'; actionDir: string; name: string }
  | {
      kind: 'stand-in';
      action: string;
      note: string;
      env: Record<string, string>;
      envFor?: StandIn['envFor'];
    }
  | { kind: 'run' };

/** What stepKind needs to know of the run. */
export type StepKindContext = Pick<WorkflowRun, 'repoRoot' | 'thisRepository' | 'standIns'>;

/**
 * `OWNER/REPO/actions/<name>@ref` of this repository (the form a reusable workflow must use) and
 * `./actions/<name>` both run the local `actions/<name>`; any other action must have a stand-in.
 */
export function stepKind(step: { uses?: string; run?: string }, run: StepKindContext): StepKind {
  if (step.uses === undefined) {
    if (step.run === undefined) throw new Error('a step has neither uses nor run');
    return { kind: 'run' };
  }
  const uses = step.uses.trim();
  const local = /^\.\/actions\/([a-z0-9-]+)\/?$/.exec(uses);
  const ours = /^([^/@]+\/[^/@]+)\/actions\/([a-z0-9-]+)@\S+$/.exec(uses);
  if (local || (ours && ours[1]!.toLowerCase() === run.thisRepository.toLowerCase())) {
    const name = (local?.[1] ?? ours?.[2]) as string;
    return { kind: 'action', name, actionDir: path.join(run.repoRoot, 'actions', name) };
  }
  const action = uses.split('@')[0]!.toLowerCase();
  const standIn: StandIn | undefined = run.standIns[action];
  if (standIn === undefined) {
    throw new Error(`step uses ${uses}, which the rehearsal can neither run here nor stand in for`);
  }
  return { kind: 'stand-in', action, note: standIn.note, env: standIn.env ?? {}, envFor: standIn.envFor };
}
