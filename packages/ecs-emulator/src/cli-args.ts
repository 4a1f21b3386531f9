// Command-line flags of the emulator CLI, parsed into startEmulator options (or a usage error).
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EmulatorOptions } from './emulator.js';
import { readIamPolicyFile } from './iam-check.js';
import { defaultTimings, type Timings } from './sim/timings.js';

export const USAGE = `Usage: shipline-ecs-emulator [options]

  --port N                 port to listen on (default 4599; 0 picks a free one)
  --host H                 address to bind (default 127.0.0.1)
  --clock-scale N          simulated seconds per real second (default 1; 20 runs a 60 s rollout in 3 s)
  --scenario FILE          YAML/JSON scenario table (image pattern → task behaviour)
  --registry URL           local Docker registry for ECR calls and image pull checks
  --registry-user U        registry user (basic auth)
  --registry-password P    registry password (or env ECS_EMULATOR_REGISTRY_PASSWORD)
  --region R               AWS region in ARNs (default us-east-1)
  --account-id ID          12-digit account id in ARNs (default 123456789012)
  --timing NAME=SECONDS    override a task timing (repeatable): ${Object.keys(defaultTimings).join(', ')}
  --iam-policy FILE        answer calls this IAM policy (or ./dev iam-policy output) does not allow
                           with AccessDeniedException
  --run-containers         run service tasks as real containers on the Docker daemon (simulated,
                           with a note saying why, when there is none)
  --require-docker         with --run-containers: refuse to start without a Docker daemon
  --target-health-path P   the load balancer's health check path for real containers (default /)
  --help                   show this help`;

export class UsageError extends Error {}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): EmulatorOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'clock-scale': { type: 'string' },
        scenario: { type: 'string' },
        registry: { type: 'string' },
        'registry-user': { type: 'string' },
        'registry-password': { type: 'string' },
        region: { type: 'string' },
        'account-id': { type: 'string' },
        timing: { type: 'string', multiple: true },
        'iam-policy': { type: 'string' },
        'run-containers': { type: 'boolean' },
        'require-docker': { type: 'boolean' },
        'target-health-path': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const options: EmulatorOptions = { port: 4599 };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw new UsageError(`--port must be 0..65535, got '${values.port}'`);
    options.port = port;
  }
  if (values.host !== undefined) options.host = values.host;
  if (values['clock-scale'] !== undefined) {
    const scale = Number(values['clock-scale']);
    if (!(scale > 0) || !Number.isFinite(scale)) {
      throw new UsageError(
        `--clock-scale must be a positive number (e.g. 20), got '${values['clock-scale']}'`,
      );
    }
    options.clockScale = scale;
  }
  // From where the user ran the command (./dev and pnpm --filter change directory first).
  const fromCaller = (file: string) =>
    path.resolve(env.SHIPLINE_CALLER_CWD || env.INIT_CWD || process.cwd(), file);
  if (values.scenario !== undefined) options.scenarioFile = fromCaller(values.scenario);
  if (values['iam-policy'] !== undefined) {
    try {
      options.iam = { policy: readIamPolicyFile(fromCaller(values['iam-policy'])) };
    } catch (error) {
      throw new UsageError(
        `--iam-policy: ${(error as Error).message} (e.g. --iam-policy deploy-policy.json)`,
      );
    }
  }
  if (values.registry !== undefined) {
    try {
      new URL(values.registry);
    } catch {
      throw new UsageError(`--registry must be a URL like http://127.0.0.1:5000, got '${values.registry}'`);
    }
    const password = values['registry-password'] ?? env.ECS_EMULATOR_REGISTRY_PASSWORD;
    options.registry = {
      url: values.registry,
      ...(values['registry-user'] === undefined ? {} : { username: values['registry-user'] }),
      ...(password === undefined ? {} : { password }),
    };
  } else if (values['registry-user'] !== undefined || values['registry-password'] !== undefined) {
    throw new UsageError('--registry-user/--registry-password need --registry URL');
  }
  if (values.region !== undefined) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region))
      throw new UsageError(`--region looks wrong: '${values.region}' (e.g. eu-west-1)`);
    options.region = values.region;
  }
  if (values['account-id'] !== undefined) {
    if (!/^\d{12}$/.test(values['account-id']))
      throw new UsageError(`--account-id must be 12 digits, got '${values['account-id']}'`);
    options.accountId = values['account-id'];
  }
  const timings: Partial<Timings> = {};
  for (const item of values.timing ?? []) {
    const match = /^([a-zA-Z]+)=(\d+(?:\.\d+)?)$/.exec(item);
    if (!match || !(match[1]! in defaultTimings)) {
      throw new UsageError(
        `--timing must be NAME=SECONDS with NAME one of ${Object.keys(defaultTimings).join(', ')}; got '${item}'`,
      );
    }
    timings[match[1] as keyof Timings] = Number(match[2]);
  }
  if (Object.keys(timings).length > 0) options.timings = timings;
  const healthPath = values['target-health-path'];
  if (values['run-containers']) {
    if (healthPath !== undefined && !healthPath.startsWith('/'))
      throw new UsageError(`--target-health-path must start with /, e.g. /health; got '${healthPath}'`);
    options.runContainers = {
      ...(values['require-docker'] ? { withoutDaemon: 'fail' as const } : {}),
      ...(healthPath !== undefined ? { targetHealthCheck: { path: healthPath } } : {}),
    };
  } else if (values['require-docker'] || healthPath !== undefined) {
    throw new UsageError('--require-docker/--target-health-path need --run-containers');
  }
  return options;
}
