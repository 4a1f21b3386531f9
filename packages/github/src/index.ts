// @shipline/github: the one GitHub REST client the actions and scripts share.
export { apiUrlProblem, DEFAULT_API_URL } from './api-url.js';
export {
  API_VERSION,
  GitHubClient,
  nextLink,
  type GitHubClientOptions,
  type Octokit,
  type RestCall,
  type RestResponse,
  type RetryNotice,
} from './client.js';
export { failureLabel, GitHubApiError, isHttpError, type HttpError } from './errors.js';
export {
  askedPollIntervalMs,
  rateLimitWaitMs,
  SECONDARY_WAIT_MAX_MS,
  SECONDARY_WAIT_MS,
} from './rate-limits.js';
