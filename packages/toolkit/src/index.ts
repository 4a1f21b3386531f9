// The toolkit's public face: everything an action or package imports from '@shipline/toolkit'.
export { actionLog, prefixedLog, silentLog, type ActionLog } from './action-log.js';
export { actionMain, reportFailure } from './action-main.js';
export { publishReport, type ActionReport, type ReportLine } from './action-report.js';
export { CancelledError, watchCancellation, sleep, abortReason, type Cancellation } from './cancel.js';
export { FakeClock, systemClock, type Clock } from './clock.js';
export { formatDuration, parseDuration } from './duration.js';
export { InputError, InputErrors, exactlyOne, quoteValue, readInputs } from './input-error.js';
export {
  readBoolean,
  readDuration,
  readEnum,
  readInput,
  readInteger,
  readString,
  type InputOptions,
  type InputValue,
  type IntegerOptions,
  type DurationOptions,
  type StringOptions,
} from './inputs.js';
export { poll, PollTimeoutError, type PollOptions, type PollResult } from './poll.js';
export { parseRetryAfter, retry, type RetryOptions } from './retry.js';
export {
  retryWithinBudget,
  type BudgetOutcome,
  type BudgetRetryOptions,
  type CallError,
} from './budget-retry.js';
export {
  httpAnswerError,
  HttpCallError,
  postJson,
  type HttpAnswer,
  type PostJsonOptions,
} from './post-json.js';
export {
  forgetSecrets,
  isSecretHeader,
  maskSecret,
  maskSecretHeaders,
  redact,
  redactSecrets,
  registeredSecrets,
} from './secrets.js';
export { secretForms } from './secret-forms.js';
export { excerpt, logLines, neutraliseCommands, printable, untrusted } from './untrusted.js';
export { publishOutputs, runnerLog, type AnnotationProperties } from './publish.js';
export {
  readJson,
  readList,
  readMap,
  readUrl,
  readWorkspacePath,
  type JsonOptions,
  type ListOptions,
  type MapOptions,
  type PathOptions,
  type UrlOptions,
} from './structured-inputs.js';
export { appendSummary, details, escapeHtml, markdownTable, tableCell } from './summary.js';
export { latencySummary, percentile, type LatencySummary } from './percentiles.js';
