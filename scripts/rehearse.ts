// pnpm rehearse: the whole deploy pipeline on this machine, driven by the real workflow file.
import { parseArgs } from 'node:util';
import { rehearse } from '@shipline/rehearsal';
import { rehearseAppCommand } from './rehearse-app.js';
import { rehearsalPolicies } from './iam-policy/rehearsal-policies.js';
import { repoRoot } from './lib/actions.js';

const USAGE = `usage: ./dev rehearse [STORY]... [--story NAME]... [--keep-running] [--verbose] [--no-docker] [--clock-scale N]
       ./dev rehearse --app DIR [STORY]... [--verbose] [--no-docker] [--clock-scale N] [--no-iam]

Plays the stories (all of them, or those named) through the installed templates and
.github/workflows/reusable-deploy.yml against a local ECS emulator, a local registry (when a docker
daemon is here) and Slack, PagerDuty and GitHub stand-ins:
  good-release           a good release to staging (its migration first)
  crashing-release       a release whose tasks crash: breaker, rollback, Slack failure
  slow-release           healthy to ECS but too slow: smoke test fails, rollback, restored version passes
  production-down        the restored version fails its smoke test too: PagerDuty page; a fix resolves it
  promote-to-production  main: staging verifies the image, production deploys that image@digest
  hotfix                 hotfix.yml by hand: its own build, behind the production approval
  stale-run              the re-run of an older commit deploys nothing over a newer one
  cancelled-deploy       cancelled mid-rollout: the rollback is started, Slack says so
  manual-rollback        rollback.yml by hand: production back on the previous revision, smoke-tested
  failed-migration       the migration exits 3: nothing deployed, Slack gets its last log lines
  cancelled-migration    cancelled during the migration: its task stopped, nothing deployed
  blue-green-bad-release  fails its smoke test on the test listener: rolled back at the hook, production never served it
  canary-alarm           a 10 % canary's error-rate alarm fires: ECS rolls back, Slack names the alarm
  multi-service-rollback  web and api deployed together: api's alarm fails it, both go back
  multi-service-manual-rollback  rollback.yml by hand for web,api: each back on its previous revision
  qa-denied              QA denies staging's approval issue: nothing deployed, notify-blocked says why
Exits 0 only when every story ended as it should.

With --app DIR, rehearses an application repository instead (after ./dev install-pipeline --into DIR):
its own cd.yml, Dockerfile and task definitions, with the settings in DIR/.github/rehearsal.yml.
It first lists what would break on GitHub or AWS (and plays nothing while something would), then
plays good-release, crashing-release, slow-release and hotfix-release generated for that app.

  --story NAME      play only this story (repeatable)
  --keep-running    leave the local parts up afterwards and print the variables to reach them
  --verbose         print every line the actions log
  --no-docker       stand in for the image build even when a docker daemon is here
  --clock-scale N   simulated ECS seconds per real second (default 100)
  --no-iam          do not hold each job's AWS role to the policy ./dev iam-policy generates for it`;

let args;
let positionals: string[] = [];
try {
  ({ values: args, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      story: { type: 'string', multiple: true },
      app: { type: 'string' },
      'keep-running': { type: 'boolean' },
      verbose: { type: 'boolean' },
      'no-docker': { type: 'boolean' },
      'clock-scale': { type: 'string' },
      'no-iam': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`rehearse: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const clockScale = args['clock-scale'] === undefined ? 100 : Number(args['clock-scale']);
if (!(clockScale >= 1 && clockScale <= 1000)) {
  console.error(`rehearse: --clock-scale must be a number from 1 to 1000, e.g. 100\n\n${USAGE}`);
  process.exit(2);
}

if (args.app !== undefined) {
  if (args['keep-running']) {
    console.error(`rehearse: --keep-running is not available with --app yet; drop one of them\n\n${USAGE}`);
    process.exit(2);
  }
  const code = await rehearseAppCommand({
    app: args.app,
    stories: [...positionals, ...(args.story ?? [])],
    clockScale,
    verbose: args.verbose,
    noDocker: args['no-docker'],
    iam: !args['no-iam'],
  });
  process.exit(code);
}

try {
  const result = await rehearse({
    repoRoot,
    stories: [...positionals, ...(args.story ?? [])],
    clockScale,
    verbose: args.verbose,
    noDocker: args['no-docker'],
    ...(args['no-iam'] ? {} : { iamPolicies: (setup) => rehearsalPolicies(setup) }),
    keepRunning: args['keep-running']
      ? async (parts) => {
          const env = {
            ...parts.emulator.env,
            SHIPLINE_SLACK_WEBHOOK_URL: parts.slack.webhookUrl,
            // The stand-in's own key, made up for this run: nothing real to keep secret.
            SHIPLINE_PAGERDUTY_EVENTS_URL: parts.pagerDuty.url,
            SHIPLINE_PAGERDUTY_ROUTING_KEY: parts.pagerDuty.routingKey,
            ...(parts.registry ? { SHIPLINE_REGISTRY: parts.registry.host } : {}),
          };
          console.log('\nThe local parts stay up; point your own commands at them:');
          for (const [name, value] of Object.entries(env)) console.log(`export ${name}=${value}`);
          console.log(
            `# load balancers: ${parts.emulator.url}/_lb/<cluster>/<service>/   Ctrl-C stops everything`,
          );
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
        }
      : undefined,
  });
  const seconds = (result.durationMs / 1000).toFixed(1);
  console.log(`\nrehearsal ${result.passed ? 'passed' : 'FAILED'} in ${seconds}s`);
  process.exit(result.passed ? 0 : 1);
} catch (error) {
  console.error(`rehearse: ${(error as Error).message}`);
  process.exit(1);
}
