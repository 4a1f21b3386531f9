// Reads and validates every input of run-task into RunTaskOptions before any AWS call.
import {
  readCluster,
  readCommand,
  readContainerEnvironment,
  readContainerImages,
  readFamily,
  readStartedBy,
  readTaskDefinitionRevision,
  readTaskDefinitionSource,
  readTaskNetwork,
  type RunTaskOptions,
  type TaskDefinitionInput,
} from '@shipline/ecs';
import { InputError, readDuration, readInputs, readString, readWorkspacePath } from '@shipline/toolkit';

/** Every input, validated together before any AWS call; a task-definition file is parsed here too. */
export function readRunTaskOptions(): RunTaskOptions {
  const raw = readInputs({
    cluster: () => readCluster(),
    network: () => readTaskNetwork(),
    file: () => readWorkspacePath('task-definition', { mustExist: 'file' }),
    arn: () => readTaskDefinitionRevision('task-definition-arn'),
    family: () => readFamily('task-definition-family'),
    images: () => readContainerImages(),
    definitionEnvironment: () => readContainerEnvironment('task-definition-env'),
    environment: () => readContainerEnvironment(),
    command: () => readCommand(),
    container: () =>
      readString('container', {
        pattern: /^[A-Za-z0-9_-]{1,255}$/,
        patternHint: 'a container name (letters, digits, hyphens and underscores)',
        example: 'app',
      }),
    timeoutMs: () =>
      readDuration('timeout', { default: 30 * 60_000, minMs: 10_000, maxMs: 6 * 3_600_000, example: '20m' }),
    startedBy: () => readStartedBy(),
  });
  const source = readTaskDefinitionSource(
    { ...raw, environment: raw.definitionEnvironment },
    {
      example: 'task-definition-arn: ${{ steps.deploy.outputs.task-definition-arn }}',
      environmentInput: 'task-definition-env',
    },
  );
  if (source.kind === 'file') checkContainers(source.definition, raw);
  return {
    cluster: raw.cluster,
    source,
    network: raw.network,
    timeoutMs: raw.timeoutMs,
    startedBy: raw.startedBy,
    ...(raw.images ? { images: raw.images } : {}),
    ...(raw.definitionEnvironment ? { definitionEnvironment: raw.definitionEnvironment } : {}),
    ...(raw.environment ? { environment: raw.environment } : {}),
    ...(raw.command ? { command: raw.command } : {}),
    ...(raw.container ? { container: raw.container } : {}),
  };
}

/** With a file, the containers named by `container` and `container-env` are checked before any call. */
function checkContainers(
  definition: TaskDefinitionInput,
  raw: { container?: string; environment?: Map<string, Map<string, string>> },
): void {
  const names = (definition.containerDefinitions ?? []).map((c) => c.name);
  const has = `it has ${names.join(', ')}`;
  if (raw.container !== undefined && !names.includes(raw.container))
    throw new InputError(
      'container',
      `'${raw.container}' is not a container of the task definition (${has})`,
      names[0] ?? 'app',
    );
  for (const name of raw.environment?.keys() ?? []) {
    if (!names.includes(name))
      throw new InputError(
        'container-env',
        `names container '${name}', which the task definition does not have (${has})`,
        `${names[0] ?? 'app'}:KEY=value`,
      );
  }
}
