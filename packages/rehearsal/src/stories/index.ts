// Shipline's stories, as the rehearsal and its presentation see them: which stories there are, the
// local parts and the consumer repository they play against, and playing one.
export { startLocalParts, type LocalParts } from './local-parts.js';
export {
  playStory,
  storyDescription,
  THIS_REPOSITORY,
  workflowPath,
  type StoryReporter,
  type StoryResult,
} from './play-story.js';
export { installConsumer } from './seed.js';
export { findStories, type Environment, type Story, type StoryName } from './stories.js';
