export {
  parseTaskDefinitionFile,
  renderTaskDefinition,
  toRegisterInput,
  TaskDefinitionError,
  type RenderOptions,
  type TaskDefinitionInput,
} from './task-definition.js';
export {
  diffTaskDefinitions,
  normaliseTaskDefinition,
  sameTaskDefinition,
} from './task-definition-compare.js';
