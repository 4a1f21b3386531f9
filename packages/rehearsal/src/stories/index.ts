// Shipline's stories, as the rehearsal and its presentation see them: which stories there are, the
// local parts and the consumer repository they play against, and playing one.
export { startBuildHost, startLocalParts, type LocalParts } from './local-parts.js';
export type { OnCallRecord } from './check-on-call.js';
export type { ReleaseResult, StoryReporter } from './play-release.js';
export { playStory, storyDescription, workflowPath, type StoryResult } from './play-story.js';
export { THIS_REPOSITORY } from './repository-settings.js';
export { installConsumer } from './seed.js';
export { findStories, type Environment, type Release, type Story, type StoryName } from './stories.js';
