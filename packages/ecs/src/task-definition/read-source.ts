// The task-definition source inputs deploy-ecs and run-task share (a file, a revision or a family,
// exactly one), read into a TaskDefinitionSource; a file is parsed and rendered here, before any call.
import fs from 'node:fs';
import path from 'node:path';
import { exactlyOne, InputError } from '@shipline/toolkit';
import type { TaskDefinitionSource } from './registry.js';
import { parseTaskDefinitionFile, renderTaskDefinition, TaskDefinitionError } from './task-definition.js';

export interface SourceInputs {
  /** `task-definition`: a workspace path already checked to exist. */
  file?: string;
  /** `task-definition-arn`. */
  arn?: string;
  /** `task-definition-family`. */
  family?: string;
  images?: Map<string, string>;
  /** Environment set in the definition itself (rendered), by container. */
  environment?: Map<string, Map<string, string>>;
}

export interface SourceReading {
  /** The good value the error shows when none or several of the three inputs are given. */
  example: string;
  /** The input that sets `environment` in the definition (its errors name it). */
  environmentInput: string;
}

/** Exactly one of the three inputs; a file must parse and take the images and environment given. */
export function readTaskDefinitionSource(raw: SourceInputs, reading: SourceReading): TaskDefinitionSource {
  const which = exactlyOne(
    { 'task-definition': raw.file, 'task-definition-arn': raw.arn, 'task-definition-family': raw.family },
    reading.example,
  );
  if (which === 'task-definition-arn') return { kind: 'arn', arn: raw.arn! };
  if (which === 'task-definition-family') return { kind: 'family', family: raw.family! };
  const file = raw.file!;
  let definition;
  try {
    definition = parseTaskDefinitionFile(fs.readFileSync(file, 'utf8'), path.basename(file));
  } catch (error) {
    if (!(error instanceof TaskDefinitionError)) throw error;
    throw new InputError(
      'task-definition',
      `holds no usable task definition: ${error.message}`,
      'deploy/task-definition.json',
    );
  }
  try {
    renderTaskDefinition(definition, {
      ...(raw.images ? { images: raw.images } : {}),
      ...(raw.environment ? { environment: raw.environment } : {}),
    });
  } catch (error) {
    if (!(error instanceof TaskDefinitionError)) throw error;
    // renderTaskDefinition names the problem as `container-env` or `container-images`.
    const env = error.message.startsWith('container-env');
    throw new InputError(
      env ? reading.environmentInput : 'container-images',
      `does not fit the task definition: ${env ? error.message.replace('container-env', reading.environmentInput) : error.message}`,
      'app=registry.example.com/app:1.2.3',
    );
  }
  return { kind: 'file', definition };
}
