// Test helpers of the toolkit (the `@shipline/toolkit/testing` subpath): nock isolation, a collecting log.
export { collectingLog, type CollectingLog } from './collecting-log.js';
export { isolateNock } from './nock.js';
