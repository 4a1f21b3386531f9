// approve-gate benchmark on simulated time (FakeClock: the figures do not depend on this machine's
// speed), against the tests' fake GitHub API over real HTTP on 127.0.0.1, which counts what GitHub
// counts against the primary rate limit (every answer but a 304). Each request takes 300 ms of
// simulated time (an assumed round trip to api.github.com, not a measurement). In the same run:
// the gate as it polls now (poll-interval 1s, the default since issue #22), as it polled before
// (15s growing to 60s, the old default), and the usual action's plain 10 s unconditional poll.
// Measured: how long after the comment a decision is noticed, rate-limit quota per hour of
// waiting, and requests a minute (what GitHub's secondary limits count, 304s included).
// Markdown on stdout, progress on stderr.
//   ./dev bench approve-gate
import { getOctokit } from '@actions/github';
import { FakeClock, formatDuration, latencySummary, silentLog } from '@shipline/toolkit';
import { FakeGitHubIssues, type ScriptStep } from '@shipline/local-services/github-issues';
import { GitHubApi } from '../src/github-api.js';
import { runIssueGate } from '../src/issue-gate.js';
import type { RunInfo } from '../src/run-info.js';
import { gateOptions } from '../test/gate-options.js';

const HOUR = 3_600_000;
const MIN = 60_000;
const ROUND_TRIP_MS = 300;
const START = Date.UTC(2026, 0, 1, 9);
const log = (message: string) => process.stderr.write(`bench: ${message}\n`);
const run: RunInfo = {
  repo: { owner: 'acme', repo: 'shop' },
  serverUrl: 'https://github.test',
  runId: 1,
  runAttempt: 1,
  step: 'gate',
  sha: 'f'.repeat(40),
  ref: 'refs/heads/main',
  actor: 'dev-dana',
  initiators: ['dev-dana'],
  compareUrl: undefined,
};

const chat = (afterMs: number, login: string, body: string): ScriptStep => ({
  afterMs,
  run: (api, issue) => void api.comment(issue, login, body),
});
const scenarios: { name: string; script: () => ScriptStep[] }[] = [
  { name: 'idle: nobody comments', script: () => [] },
  {
    name: 'busy: a comment every 5 min, 2 edits, a vote by a non-approver',
    script: () => [
      ...Array.from({ length: 12 }, (_, i) => chat(i * 5 * MIN + 30_000, `dev${i % 4}`, `question ${i}`)),
      { afterMs: 20 * MIN, run: (api, issue) => api.edit(issue.comments[0]!, 'question 0 (edited)') },
      { afterMs: 40 * MIN, run: (api, issue) => api.edit(issue.comments[1]!, 'question 1 (edited)') },
      chat(45 * MIN, 'mallory', 'approve'),
    ],
  },
  {
    name: 'long thread: 250 comments at the start, then one every 10 min',
    script: () => [
      {
        afterMs: 10_000,
        run: (api, issue) => {
          for (let i = 0; i < 250; i++) api.comment(issue, `bot${i % 3}`, `status line ${i}`);
        },
      },
      ...Array.from({ length: 6 }, (_, i) => chat((i + 1) * 10 * MIN - 5_000, 'dev1', `note ${i}`)),
    ],
  },
];

/** An Octokit for the fake whose every request takes ROUND_TRIP_MS of simulated time; `sentAt` records when each was sent. */
function octokitFor(github: FakeGitHubIssues, clock: FakeClock, sentAt: number[] = []) {
  const octokit = getOctokit('bench-token', { baseUrl: github.url });
  octokit.hook.wrap('request', async (request, options) => {
    sentAt.push(clock.now());
    try {
      return await request(options);
    } finally {
      await clock.sleep(ROUND_TRIP_MS);
    }
  });
  return octokit;
}

interface Measure {
  waitingCounted: number;
  totalCounted: number;
  requests: number;
  /** The most requests GitHub saw in one minute (secondary limits: 900 points a minute, a GET is 1). */
  peakPerMinute: number;
  noticedAt?: number;
}

async function gate(script: ScriptStep[], pollIntervalMs: number, timeoutMs = HOUR): Promise<Measure> {
  const clock = new FakeClock(START, true);
  const github = await new FakeGitHubIssues(() => clock.now()).start();
  github.script = script;
  const sentAt: number[] = [];
  const api = new GitHubApi(octokitFor(github, clock, sentAt), { clock, warn: () => {} });
  let noticedAt: number | undefined;
  try {
    const options = gateOptions({ version: 'v1', timeoutMs, pollIntervalMs, initiators: run.initiators });
    const result = await runIssueGate(options, run, {
      api,
      clock,
      signal: new AbortController().signal,
      log: silentLog,
      onCreating: () => {},
      onOpened: () => {},
      onClosing: () => (noticedAt = clock.now()),
      onClosed: () => {},
    });
    const waiting = github.requests.filter((r) => r.path.endsWith('/comments') && r.method === 'GET');
    return {
      waitingCounted: waiting.filter((r) => r.counted).length,
      totalCounted: github.counted(),
      requests: github.requests.length,
      peakPerMinute: busiestMinute(sentAt),
      ...(result.status === 'approved' && noticedAt !== undefined ? { noticedAt: noticedAt - START } : {}),
    };
  } finally {
    await github.stop();
  }
}

/** The most requests sent within any 60 s. */
function busiestMinute(sentAt: number[]): number {
  let most = 0;
  for (let first = 0, last = 0; last < sentAt.length; last++) {
    while ((sentAt[last] as number) - (sentAt[first] as number) >= MIN) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** The usual action: every 10 s, read every page of comments, unconditionally. */
async function plainPoll(script: ScriptStep[]): Promise<{ counted: number; noticedAt?: number }> {
  const clock = new FakeClock(START, true);
  const github = await new FakeGitHubIssues(() => clock.now()).start();
  github.script = script;
  try {
    const octokit = octokitFor(github, clock);
    await octokit.rest.issues.create({ owner: 'acme', repo: 'shop', title: 'approve?' });
    const before = github.counted();
    while (clock.now() - START < HOUR) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner: 'acme',
        repo: 'shop',
        issue_number: 1,
        per_page: 100,
      });
      if (comments.some((c) => c.user?.login === 'alice'))
        return { counted: 0, noticedAt: clock.now() - START };
      await clock.sleep(10_000);
    }
    return { counted: github.counted() - before };
  } finally {
    await github.stop();
  }
}

const NOW_MS = 1_000;
const BEFORE_MS = 15_000;
const rows: string[] = [];
for (const scenario of scenarios) {
  log(scenario.name);
  const now = await gate(scenario.script(), NOW_MS);
  const before = await gate(scenario.script(), BEFORE_MS);
  const plain = await plainPoll(scenario.script());
  rows.push(
    `| ${scenario.name} | ${now.waitingCounted} (before: ${before.waitingCounted}) | ${now.totalCounted} | ` +
      `${now.requests} (before: ${before.requests}) | ${plain.counted} | ${((100 * now.waitingCounted) / plain.counted).toFixed(1)} % |`,
  );
}

// Approvals at spread-out moments: a fixed Park-Miller sequence (exact in doubles), the same every run.
let seed = 20261203;
const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
const SAMPLES = 100;
const commentTimes = Array.from({ length: SAMPLES }, () => Math.round(MIN + random() * 19 * MIN));
const latency: Record<'now' | 'before' | 'plain', number[]> = { now: [], before: [], plain: [] };
log(`approval latency, ${SAMPLES} approvals`);
for (const at of commentTimes) {
  const script = () => [chat(at, 'alice', 'approve')];
  const now = await gate(script(), NOW_MS, 2 * HOUR);
  const before = await gate(script(), BEFORE_MS, 2 * HOUR);
  const plain = await plainPoll(script());
  if (now.noticedAt !== undefined) latency.now.push(now.noticedAt - at);
  if (before.noticedAt !== undefined) latency.before.push(before.noticedAt - at);
  if (plain.noticedAt !== undefined) latency.plain.push(plain.noticedAt - at);
}
const s = (values: number[]) => {
  const l = latencySummary(values);
  return `${formatDuration(l.p50)} | ${formatDuration(l.p95)} | ${formatDuration(l.max)}`;
};
const median = (values: number[]) => latencySummary(values).p50;
const idleNow = await gate([], NOW_MS);
const busyNow = await gate(scenarios[1]!.script(), NOW_MS);

process.stdout.write(
  [
    `### Approval noticed after the comment (${SAMPLES} approvals 1-20 min into the wait, simulated time, 300 ms a request)`,
    '',
    '| schedule | p50 | p95 | max |',
    '| --- | --- | --- | --- |',
    `| now: poll-interval 1s (default), growing to 4s while idle | ${s(latency.now)} |`,
    `| before: poll-interval 15s (old default), growing to 60s | ${s(latency.before)} |`,
    `| plain 10 s unconditional poll | ${s(latency.plain)} |`,
    '',
    `Median now / before: ${(median(latency.now) / median(latency.before)).toFixed(2)} ` +
      `(${latency.now.length}/${latency.before.length}/${latency.plain.length} approvals noticed). ` +
      'Goal: median ≤ 3 s, max ≤ 6 s.',
    '',
    '### Rate-limit quota per hour of waiting (fake GitHub counting like GitHub)',
    '',
    '| scenario | counted calls while waiting | counted calls, whole gate (incl. open and close) | requests sent (incl. 304s) | plain 10 s poll, counted | ratio |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Goal: ≤ 18 counted calls per hour of waiting (5 % of a plain 10 s poll of one page, 360/h).',
    '',
    `Secondary limits count every request, 304s too: idle, the gate sends ${idleNow.requests} an hour ` +
      `(${(idleNow.requests / 60).toFixed(0)} a minute); the busiest minute of the busy hour has ${busyNow.peakPerMinute}; ` +
      'GitHub allows 900 points a minute per endpoint (a GET is 1).',
    '',
  ].join('\n'),
);
