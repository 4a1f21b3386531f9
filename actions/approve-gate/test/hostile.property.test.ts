// Hostile-input suite (issue #15), bundled dist through the harness against the fake GitHub:
// generated inputs, issue comments and GitHub error answers carrying command injections,
// control/bidi characters, 10–100 kB strings and the token echoed back.
// FC_RUNS (cases per property, default below) and FC_SEED (default fixed) override the run; a random
// seed runs a quarter as many cases after the fixed one. Cases run: printed at the end.
import { describe, afterAll } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { runAction } from '@shipline/action-harness';
import { FakeGitHubIssues } from '@shipline/local-services/github-issues';
import {
  expectHostileSafe,
  expectOneLineRefusals,
  allWithLineBreaks,
} from '../../../test/support/hostile-checks.js';
import {
  anyHostileText,
  hostileInputs,
  echo,
  hostileText,
  renderEcho,
  reportCases,
  runParameters,
} from '../../../test/support/hostile-text.js';
import { actionDir, says, SHA, TOKEN } from './support.js';

const { fixed, random, oneLine } = runParameters(8);
const cases: Record<string, number> = {};
const count = (what: string, n = 1) => (cases[what] = (cases[what] ?? 0) + n);
afterAll(() => reportCases('approve-gate', cases));

/** One gate run against a fresh fake GitHub; `prepare` scripts it before the run. */
async function gate(inputs: Record<string, string>, prepare: (github: FakeGitHubIssues) => void = () => {}) {
  const github = await new FakeGitHubIssues().start();
  try {
    prepare(github);
    const run = await runAction({
      actionDir,
      inputs: { approvers: 'alice', 'poll-interval': '1s', timeout: '2s', ...inputs },
      secrets: [TOKEN],
      timeoutMs: 30_000,
      context: {
        repository: 'acme/shop',
        sha: SHA,
        ref: 'refs/heads/main',
        actor: 'dev-dana',
        runId: 4242,
        eventName: 'push',
        event: { before: 'a'.repeat(40), after: SHA },
        apiUrl: github.url,
        token: TOKEN,
      },
    });
    // What the gate wrote to GitHub is shown to everyone who can read the repository.
    const payloads: Record<string, string> = {};
    for (const issue of github.issues.values()) {
      payloads[`issue #${issue.number} title`] = issue.title;
      payloads[`issue #${issue.number} body`] = issue.body;
      issue.comments
        .filter((c) => c.user.type === 'Bot')
        .forEach((c) => (payloads[`issue #${issue.number} comment ${c.id}`] = c.body));
    }
    return { run, payloads, calls: github.requests.length };
  } finally {
    await github.stop();
  }
}

const INPUTS = ['approvers', 'environment', 'version', 'issue-labels', 'approve-words', 'deny-words', 'mode'];
const generatedInputs = hostileInputs(INPUTS);

describe('approve-gate: hostile inputs', () => {
  const property = (params: fc.Parameters<[Record<string, string>]>) =>
    test.prop([generatedInputs], params)(
      'inject no command, leak no token (each input alone and mixed)',
      async (inputs) => {
        count('hostile inputs', Object.keys(inputs).length || 1);
        const { run, payloads } = await gate(inputs, (github) => {
          github.script = [says(300, 'alice', 'approve')];
        });
        expectHostileSafe(run, { secrets: [TOKEN], payloads });
      },
      120_000,
    );
  property(fixed);
  property(random);
});

const ROUTES = [
  /^POST .*\/issues$/,
  /^GET .*\/issues\/\d+\/comments$/,
  /^POST .*\/issues\/\d+\/comments$/,
  /^PATCH .*\/issues\/\d+$/,
  /^GET .*\/issues$/,
];
const hostileGitHub = fc.record({
  comments: fc.array(fc.record({ login: fc.constantFrom('alice', 'mallory'), body: anyHostileText() }), {
    maxLength: 3,
  }),
  fault: fc.option(
    fc.record({
      route: fc.nat(ROUTES.length - 1),
      status: fc.constantFrom(400, 403, 404, 422, 500, 502),
      echo: echo(),
      afterHandling: fc.boolean(),
    }),
    { nil: undefined },
  ),
  environmentMode: fc.boolean(),
  reviewer: hostileText(),
});
type World = typeof hostileGitHub extends fc.Arbitrary<infer T> ? T : never;

describe('approve-gate: hostile comments, reviews and GitHub errors echoing the token', () => {
  const property = (params: fc.Parameters<[World]>) =>
    test.prop([hostileGitHub], params)(
      'quote no token form, start no command',
      async (world) => {
        count('hostile GitHub answers');
        const inputs: Record<string, string> = world.environmentMode
          ? { mode: 'environment', environment: 'production' }
          : {};
        const { run, payloads } = await gate(inputs, (github) => {
          github.script = world.comments.map((c, i) => says(200 + 100 * i, c.login, c.body));
          github.runApprovals = [
            {
              state: 'approved',
              user: { login: world.reviewer },
              comment: world.reviewer,
              environments: [{ name: 'production' }],
            },
          ];
          if (!world.fault) return;
          const { route, status, afterHandling } = world.fault;
          const message = renderEcho(world.fault.echo, [TOKEN]);
          github.fail(ROUTES[route] as RegExp, { status, afterHandling, body: { message } });
        });
        expectHostileSafe(run, { secrets: [TOKEN], payloads });
      },
      120_000,
    );
  property(fixed);
  property(random);
});

const ONE_LINE: Record<string, string> = {
  mode: 'issue',
  token: TOKEN,
  'minimum-approvals': '1',
  'allow-self-approval': 'false',
  environment: 'production',
  version: 'v1.2.3',
  'target-repository': 'acme/ops',
  timeout: '30m',
  'poll-interval': '15s',
};

describe('approve-gate: line breaks in one-line inputs are refused before any call', () => {
  test.prop([fc.nat(2), hostileText({ noNul: true })], oneLine)(
    'every one-line input broken in one run, each named',
    async (breakKind, after) => {
      const good: Record<string, string> = ONE_LINE;
      count('CR/LF in one-line inputs', Object.keys(good).length);
      const given = allWithLineBreaks(good, breakKind, after);
      const { run, calls } = await gate(given);
      expectOneLineRefusals(run, Object.keys(good), calls);
      expectHostileSafe(run, { secrets: [TOKEN] });
    },
    60_000,
  );
});
