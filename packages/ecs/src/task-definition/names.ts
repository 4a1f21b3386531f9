// Task-definition names for people and for grouping: family:revision, and the family alone.

/** `family:revision` from a task-definition ARN, for people. */
export function shortArn(arn: string | undefined): string {
  return arn?.split('/').pop() ?? 'an unknown task definition';
}

/** `family` of a task-definition ARN or `family:revision`. */
export function familyOf(taskDefinition: string): string {
  return (taskDefinition.split('/').pop() ?? taskDefinition).split(':')[0]!;
}
