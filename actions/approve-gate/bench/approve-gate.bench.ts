// approve-gate benchmark: rate-limit quota consumed per hour of waiting for an approval, on a
// simulated clock (FakeClock), against the test suite's fake GitHub API over real HTTP on
// 127.0.0.1, which counts what GitHub counts against the rate limit (every answer but a 304).
// Compared with a plain 10-second poll that reads every page without conditional requests.
// Markdown on stdout, progress on stderr.
//   npx tsx actions/approve-gate/bench/approve-gate.bench.ts
import { getOctokit } from '@actions/github';
import { FakeClock, formatDuration, silentLog } from '@shipline/toolkit';
import { GitHubApi } from '../src/github-api.js';
import { runIssueGate } from '../src/issue-gate.js';
import type { RunInfo } from '../src/run-info.js';
import { gateOptions } from '../test/gate-options.js';
import { FakeGitHubIssues, type ScriptStep } from '@shipline/local-services/github-issues';

const HOUR = 3_600_000;
const MIN = 60_000;
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

interface Measure {
  waitingCounted: number;
  totalCounted: number;
  requests: number;
  latencyMs?: number;
}

async function gateHour(script: ScriptStep[], timeoutMs = HOUR): Promise<Measure> {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 9), true);
  const github = await new FakeGitHubIssues(() => clock.now()).start();
  github.script = script;
  try {
    const api = new GitHubApi(getOctokit('bench-token', { baseUrl: github.url }), { clock, warn: () => {} });
    const signal = new AbortController().signal;
    const result = await runIssueGate(
      gateOptions({ version: 'v1', timeoutMs, initiators: run.initiators }),
      run,
      {
        api,
        clock,
        signal,
        log: silentLog,
        onCreating: () => {},
        onOpened: () => {},
        onClosing: () => {},
        onClosed: () => {},
      },
    );
    const waiting = github.requests.filter((r) => r.path.endsWith('/comments') && r.method === 'GET');
    const approval = github.issue.comments.find((c) => c.user.login === 'alice');
    return {
      waitingCounted: waiting.filter((r) => r.counted).length,
      totalCounted: github.counted(),
      requests: github.requests.length,
      ...(approval && result.status === 'approved'
        ? { latencyMs: result.waitedMs - (Date.parse(approval.created_at) - Date.UTC(2026, 0, 1, 9)) }
        : {}),
    };
  } finally {
    await github.stop();
  }
}

/** The usual action: every 10 s, read every page of comments, unconditionally. */
async function plainPollHour(script: ScriptStep[]): Promise<number> {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 9), true);
  const github = await new FakeGitHubIssues(() => clock.now()).start();
  github.script = script;
  try {
    const octokit = getOctokit('bench-token', { baseUrl: github.url });
    await octokit.rest.issues.create({ owner: 'acme', repo: 'shop', title: 'approve?' });
    const before = github.counted();
    for (let t = 0; t < HOUR; t += 10_000) {
      await octokit.paginate(octokit.rest.issues.listComments, {
        owner: 'acme',
        repo: 'shop',
        issue_number: 1,
        per_page: 100,
      });
      await clock.sleep(10_000);
    }
    return github.counted() - before;
  } finally {
    await github.stop();
  }
}

const rows: string[] = [];
for (const scenario of scenarios) {
  log(scenario.name);
  const ours = await gateHour(scenario.script());
  const plain = await plainPollHour(scenario.script());
  const ratio = (100 * ours.waitingCounted) / plain;
  rows.push(
    `| ${scenario.name} | ${ours.waitingCounted} | ${ours.totalCounted} | ${ours.requests} | ${plain} | ${ratio.toFixed(1)} % |`,
  );
}

log('approval latency');
const latencies: number[] = [];
for (const [minute, second] of [
  [3, 7],
  [11, 29],
  [23, 41],
  [37, 53],
  [52, 15],
] as const) {
  const m = await gateHour([chat(minute * MIN + second * 1_000, 'alice', 'approve')], 2 * HOUR);
  if (m.latencyMs !== undefined) latencies.push(m.latencyMs);
}
latencies.sort((a, b) => a - b);

process.stdout.write(
  [
    '### Rate-limit quota per hour of waiting (simulated clock, fake GitHub counting like GitHub)',
    '',
    '| scenario | counted calls while waiting | counted calls, whole gate (incl. open and close) | requests sent (incl. 304s) | plain 10 s poll, counted | ratio |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Goal: ≤ 18 counted calls per hour of waiting (5 % of a plain 10 s poll of one page, 360/h).`,
    '',
    `Approval noticed after (poll-interval 15s, backing off to 60s; 5 approvals spread over an hour): ` +
      `median ${formatDuration(latencies[2] ?? NaN)}, max ${formatDuration(latencies.at(-1) ?? NaN)}.`,
    '',
  ].join('\n'),
);
