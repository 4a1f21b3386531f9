// @shipline/rehearsal's public face: rehearse() and the types of what it takes and returns. The
// generic workflow runner (workflow-runner/) and Shipline's stories (stories/) stay internal.
export { rehearse, type RehearsalOptions, type RehearsalResult } from './rehearse.js';
export type { TimelineEntry } from './presentation/timeline.js';
export type { LocalParts, Story, StoryName, StoryResult } from './stories/index.js';
export type { IamPolicies, RehearsalIamSetup, RehearsalRole } from './stories/iam-roles.js';
export { rehearseApp, type AppRehearsalOptions, type AppRehearsalResult } from './app/rehearse-app.js';
export type { AppConfig } from './app/app-config.js';
export { AppConfigError } from './app/app-config.js';
export type { AppFinding } from './app/app-finding.js';
export type { TeamPolicyCheck } from './app/team-iam.js';
