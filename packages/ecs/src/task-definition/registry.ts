// Settling on the revision to deploy: used as given, reused when unchanged, or registered.
import {
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { callEcs, type CallContext } from '../client/ecs-client.js';
import { familyOf } from './names.js';
import { diffTaskDefinitions } from './compare.js';
import {
  renderTaskDefinition,
  toRegisterInput,
  type RenderOptions,
  type TaskDefinitionInput,
} from './task-definition.js';

/** Where the task definition to deploy comes from: exactly one of the three inputs. */
export type TaskDefinitionSource =
  | { kind: 'file'; definition: TaskDefinitionInput }
  | { kind: 'arn'; arn: string }
  | { kind: 'family'; family: string };

export interface ResolvedTaskDefinition {
  arn: string;
  /** A new revision was registered by this run. */
  registered: boolean;
  /** Why it was registered or reused, for the log. */
  note: string;
  /** What changed against the revision it was compared with (paths), when one was registered. */
  changes: string[];
}

/**
 * Settles on the revision to deploy. A given ARN or family (latest ACTIVE) is used as it is,
 * unless images or environment are to be set, in which case it is rendered like a file. A
 * rendered definition is compared, normalised, first with the revisions the services run now
 * (`running`: re-deploying what runs must register nothing and replace no task, even when a
 * newer revision exists, e.g. one ECS rolled back from), then with the latest ACTIVE revision of
 * its family, and reused when equal (skipIfUnchanged); otherwise it is registered.
 */
export async function resolveTaskDefinition(
  ecs: ECSClient,
  source: TaskDefinitionSource,
  options: RenderOptions & { skipIfUnchanged: boolean; running?: (string | undefined)[] },
  context: CallContext,
): Promise<ResolvedTaskDefinition> {
  const rendering = (options.images?.size ?? 0) > 0 || (options.environment?.size ?? 0) > 0;
  let base: TaskDefinitionInput;
  if (source.kind === 'file') {
    base = source.definition;
  } else {
    const described = await describeTaskDefinition(
      ecs,
      source.kind === 'arn' ? source.arn : source.family,
      context,
    );
    if (!described || described.status === 'INACTIVE') throw new Error(missing(source, described));
    if (!rendering) {
      return { arn: described.taskDefinitionArn!, registered: false, note: 'used as given', changes: [] };
    }
    base = toRegisterInput(described);
  }
  const wanted = renderTaskDefinition(base, options);
  const runs = options.skipIfUnchanged
    ? await runningMatch(ecs, wanted, options.running ?? [], context)
    : undefined;
  if (runs) {
    return {
      arn: runs.taskDefinitionArn!,
      registered: false,
      note: `the same as ${runs.family}:${runs.revision}, which the service runs: reused (nothing registered, no task replaced)`,
      changes: [],
    };
  }
  const latest = await describeTaskDefinition(ecs, wanted.family!, context);
  const changes = latest ? diffTaskDefinitions(latest, wanted).map((d) => d.path) : [];
  if (latest && changes.length === 0 && options.skipIfUnchanged) {
    return {
      arn: latest.taskDefinitionArn!,
      registered: false,
      note: `unchanged from the latest revision ${latest.family}:${latest.revision}, reused`,
      changes,
    };
  }
  const answer = await callEcs(context, (o) => ecs.send(new RegisterTaskDefinitionCommand(wanted), o));
  const registered = answer.taskDefinition!;
  const note = latest
    ? changes.length > 0
      ? `registered ${registered.family}:${registered.revision} (${changes.length} change(s) from revision ${latest.revision})`
      : `registered ${registered.family}:${registered.revision} (unchanged, but skip-register-if-unchanged is false)`
    : `registered ${registered.family}:${registered.revision}, the first revision of the family`;
  return { arn: registered.taskDefinitionArn!, registered: true, note, changes };
}

/** The first ACTIVE revision of `wanted`'s family among those running that equals it, normalised. */
async function runningMatch(
  ecs: ECSClient,
  wanted: TaskDefinitionInput,
  running: (string | undefined)[],
  context: CallContext,
): Promise<TaskDefinition | undefined> {
  const ofFamily = [...new Set(running)].filter(
    (arn): arn is string => arn !== undefined && familyOf(arn) === wanted.family,
  );
  for (const arn of ofFamily) {
    const described = await describeTaskDefinition(ecs, arn, context);
    if (described?.status === 'ACTIVE' && diffTaskDefinitions(described, wanted).length === 0) {
      return described;
    }
  }
  return undefined;
}

/** The latest ACTIVE revision of a family, or the given family:revision or ARN; undefined when none. */
export async function describeTaskDefinition(
  ecs: ECSClient,
  taskDefinition: string,
  context: CallContext,
): Promise<TaskDefinition | undefined> {
  try {
    const answer = await callEcs(context, (o) =>
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }), o),
    );
    return answer.taskDefinition;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** DescribeTaskDefinition answers an unknown revision with a ClientException, not a typed error. */
function isNotFound(error: unknown): boolean {
  const e = error as Error;
  return e.name === 'ClientException' && /unable to describe|not found|does not exist/i.test(e.message);
}

function missing(source: TaskDefinitionSource, found: TaskDefinition | undefined): string {
  return source.kind === 'arn'
    ? `Task definition ${source.arn} ${found ? 'is INACTIVE (deregistered)' : 'does not exist'} (task-definition-arn); nothing was changed.`
    : `Task-definition family '${source.kind === 'family' ? source.family : ''}' has no ACTIVE revision (task-definition-family); nothing was changed.`;
}
