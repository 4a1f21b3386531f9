// Reads and validates every input of run-task into RunTaskOptions before any AWS call.
import fs from 'node:fs';
import path from 'node:path';
import {
  parseTaskDefinitionFile,
  readCluster,
  readCommand,
  readContainerEnvironment,
  readContainerImages,
  readFamily,
  readStartedBy,
  readTaskDefinitionRevision,
  readTaskNetwork,
  renderTaskDefinition,
  TaskDefinitionError,
  type RunTaskOptions,
  type TaskDefinitionInput,
  type TaskDefinitionSource,
} from '@shipline/ecs';
import {
  exactlyOne,
  InputError,
  readDuration,
  readInputs,
  readString,
  readWorkspacePath,
} from '@shipline/toolkit';

/** Every input, validated together before any AWS call; a task-definition file is parsed here too. */
export function readRunTaskOptions(): RunTaskOptions {
  const raw = readInputs({
    cluster: () => readCluster(),
    network: () => readTaskNetwork(),
    file: () => readWorkspacePath('task-definition', { mustExist: 'file' }),
    arn: () => readTaskDefinitionRevision('task-definition-arn'),
    family: () => readFamily('task-definition-family'),
    images: () => readContainerImages(),
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
  return {
    cluster: raw.cluster,
    source: readSource(raw),
    network: raw.network,
    timeoutMs: raw.timeoutMs,
    startedBy: raw.startedBy,
    ...(raw.images ? { images: raw.images } : {}),
    ...(raw.environment ? { environment: raw.environment } : {}),
    ...(raw.command ? { command: raw.command } : {}),
    ...(raw.container ? { container: raw.container } : {}),
  };
}

function readSource(raw: {
  file?: string;
  arn?: string;
  family?: string;
  images?: Map<string, string>;
  environment?: Map<string, Map<string, string>>;
  container?: string;
}): TaskDefinitionSource {
  const which = exactlyOne(
    { 'task-definition': raw.file, 'task-definition-arn': raw.arn, 'task-definition-family': raw.family },
    'task-definition-arn: ${{ steps.deploy.outputs.task-definition-arn }}',
  );
  if (which === 'task-definition-arn') return { kind: 'arn', arn: raw.arn! };
  if (which === 'task-definition-family') return { kind: 'family', family: raw.family! };
  const file = raw.file!;
  let definition: TaskDefinitionInput;
  try {
    definition = parseTaskDefinitionFile(fs.readFileSync(file, 'utf8'), path.basename(file));
    renderTaskDefinition(definition, raw.images ? { images: raw.images } : {});
  } catch (error) {
    if (!(error instanceof TaskDefinitionError)) throw error;
    const input = error.message.startsWith('container-images') ? 'container-images' : 'task-definition';
    throw new InputError(input, `does not fit: ${error.message}`, 'deploy/task-definition.json');
  }
  checkContainers(definition, raw);
  return { kind: 'file', definition };
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
