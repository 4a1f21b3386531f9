// approve-gate's inputs: read and validated together, before any API call, with the rules across inputs.
import {
  formatDuration,
  InputError,
  InputErrors,
  readBoolean,
  readDuration,
  readEnum,
  readInputs,
  readInteger,
  readList,
  readString,
} from '@shipline/toolkit';
import { describeApprover, parseApprover, type Approver } from './approvers.js';
import { normaliseWord } from './words.js';

export type Mode = 'issue' | 'environment';

export interface GateInputs {
  mode: Mode;
  token: string;
  approvers: Approver[];
  minimumApprovals: number;
  approveWords: string[];
  denyWords: string[];
  allowSelfApproval: boolean;
  environment: string | undefined;
  version: string | undefined;
  issueLabels: string[];
  targetRepository: string | undefined;
  timeoutMs: number;
  pollIntervalMs: number;
}

const LOGIN = /^@?[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;
const TEAM = /^@?[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}\/[a-z\d][\w.-]{0,99}$/i;
const REPOSITORY = /^[\w.-]+\/[\w.-]+$/;
const ENVIRONMENT = /^[^'"`,;\\]{1,255}$/;
const LABEL = /^[^,]{1,50}$/;

function readWords(name: string, defaults: string[]): string[] {
  const words = readList(name, { default: defaults, example: defaults.join(', ') }).map(normaliseWord);
  if (words.some((w) => w === '')) {
    throw new InputError(name, 'has a word made only of punctuation', defaults.join(', '));
  }
  return [...new Set(words)];
}

/** Every input, validated together before any API call; cross-input rules are checked after. */
export function readGateInputs(initiators: string[]): GateInputs {
  const inputs = readInputs({
    mode: () => readEnum<Mode, { default: Mode }>('mode', ['issue', 'environment'], { default: 'issue' }),
    token: () => readString('token', { required: true, secret: true, example: '${{ github.token }}' }),
    approvers: () =>
      readList('approvers', {
        default: [],
        example: 'octocat, acme/release-managers',
      }).map((item) => {
        if (!LOGIN.test(item) && !TEAM.test(item)) {
          throw new InputError(
            'approvers',
            `has an item ${JSON.stringify(item)} that is neither a user login nor an org/team slug`,
            'octocat, acme/release-managers',
          );
        }
        return parseApprover(item);
      }),
    minimumApprovals: () => readInteger('minimum-approvals', { default: 1, min: 1, max: 20 }),
    approveWords: () => readWords('approve-words', ['approve', 'approved', 'lgtm', 'yes']),
    denyWords: () => readWords('deny-words', ['deny', 'denied', 'no']),
    allowSelfApproval: () => readBoolean('allow-self-approval', { default: false }),
    environment: () =>
      readString('environment', {
        pattern: ENVIRONMENT,
        patternHint: 'an environment name (no quotes, commas, semicolons or backslashes)',
        example: 'production',
      }),
    version: () =>
      readString('version', {
        pattern: /^.{1,200}$/,
        patternHint: 'at most 200 characters',
        example: 'v1.4.2',
      }),
    issueLabels: () =>
      readList('issue-labels', {
        default: [],
        item: LABEL,
        itemHint: 'a label of 1-50 characters',
        example: 'deploy, approval',
      }),
    targetRepository: () =>
      readString('target-repository', {
        pattern: REPOSITORY,
        patternHint: 'owner/repo',
        example: 'acme/deployments',
      }),
    timeoutMs: () =>
      readDuration('timeout', {
        default: 6 * 3_600_000,
        minMs: 1_000,
        maxMs: 35 * 86_400_000,
        example: '6h',
      }),
    pollIntervalMs: () =>
      readDuration('poll-interval', { default: 1_000, minMs: 1_000, maxMs: 600_000, example: '1s' }),
  });
  // `alice, @Alice` is one person: assignees and the minimum-approvals check see distinct approvers.
  const approvers = [...new Map(inputs.approvers.map((a) => [describeApprover(a), a])).values()];
  const checked = { ...inputs, approvers };
  checkCombinations(checked, initiators);
  return checked;
}

const TOKEN_LIFETIME_MS = 24 * 3_600_000;
/** A GitHub-hosted job may run 6h including setup; 10 minutes are left for the rest of the job. */
const HOSTED_JOB_MS = 6 * 3_600_000;
const HOSTED_MARGIN_MS = 10 * 60_000;

/**
 * github.token is an installation token (`ghs_`), valid 24h at most. A PAT or app token passed as
 * `token` is the caller's choice (an app installation token, also `ghs_`, lives only 1h anyway).
 */
function isInstallationToken(token: string): boolean {
  return token.startsWith('ghs_');
}

/** With the default 6h a GitHub-hosted job is cancelled before the gate can end timed-out. */
export function timeoutWarning(inputs: GateInputs, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (inputs.mode !== 'issue' || env.RUNNER_ENVIRONMENT !== 'github-hosted') return undefined;
  if (inputs.timeoutMs < HOSTED_JOB_MS - HOSTED_MARGIN_MS) return undefined;
  return (
    `timeout is ${formatDuration(inputs.timeoutMs)}, but a job on a GitHub-hosted runner ends after 6h ` +
    `(setup included), so the job would be cancelled before the gate can end timed-out: set the job's ` +
    `timeout-minutes above it, and keep it under 6h on GitHub-hosted runners (e.g. timeout: 5h30m).`
  );
}

function checkCombinations(inputs: GateInputs, initiators: string[]): void {
  const errors: InputError[] = [];
  const overlap = inputs.approveWords.filter((w) => inputs.denyWords.includes(w));
  if (overlap.length > 0) {
    errors.push(
      new InputError(
        'deny-words',
        `shares ${JSON.stringify(overlap)} with 'approve-words'`,
        'deny, denied, no',
      ),
    );
  }
  if (inputs.mode === 'issue' && inputs.timeoutMs > TOKEN_LIFETIME_MS && isInstallationToken(inputs.token)) {
    errors.push(
      new InputError(
        'timeout',
        `is ${formatDuration(inputs.timeoutMs)}, longer than the ${formatDuration(TOKEN_LIFETIME_MS)} a workflow ` +
          `token (github.token) lives; pass a longer-lived token as 'token' to wait longer`,
        '6h',
      ),
    );
  }
  if (inputs.mode === 'environment') {
    if (!inputs.environment) {
      errors.push(new InputError('environment', "is required when 'mode' is environment", 'production'));
    }
    if (inputs.targetRepository) {
      errors.push(
        new InputError(
          'target-repository',
          "does not apply when 'mode' is environment (the run's own review history is read)",
          '(leave it out)',
        ),
      );
    }
  } else {
    if (inputs.approvers.length === 0) {
      errors.push(
        new InputError('approvers', "is required when 'mode' is issue", 'octocat, acme/release-managers'),
      );
    }
    const users = inputs.approvers.filter((a) => a.kind === 'user');
    const eligible = inputs.allowSelfApproval ? users : users.filter((u) => !initiators.includes(u.login));
    const onlyUsers = users.length === inputs.approvers.length && users.length > 0;
    if (onlyUsers && eligible.length < inputs.minimumApprovals) {
      errors.push(
        new InputError(
          'minimum-approvals',
          `is ${inputs.minimumApprovals} but only ${eligible.length} listed approver(s) may approve` +
            (eligible.length < users.length
              ? ` (the run's initiator ${initiators.join(', ')} may not approve)`
              : ''),
          String(Math.max(1, eligible.length)),
        ),
      );
    }
  }
  if (errors.length > 0) throw new InputErrors(errors);
}
