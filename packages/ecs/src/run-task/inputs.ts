// run-task's own inputs, read before any call: the command, the network when no service is named,
// started-by.
import { InputError, readBoolean, readEnum, readInput, readList, readString } from '@shipline/toolkit';
import { SERVICE } from '../start/inputs.js';
import type { TaskNetwork } from './run-task-types.js';

const COMMAND_EXAMPLE = '["npm", "run", "migrate"] or: npm run migrate';

/**
 * `command`: a JSON array of strings (the exec form, run as given), or any other non-empty text,
 * run by the image's `sh -c` (the shell form, as a Dockerfile's CMD).
 */
export function readCommand(name = 'command'): string[] | undefined {
  return readInput(name, { multiline: true }, COMMAND_EXAMPLE, (text, fail) => {
    const trimmed = text.trim();
    if (trimmed === '') fail('is blank: give a JSON array of strings or a shell command');
    if (!trimmed.startsWith('[')) return ['sh', '-c', text];
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      fail(`starts with "[" but is not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || parsed.some((item) => typeof item !== 'string'))
      fail('is a JSON value but not a non-empty array of strings');
    return parsed as string[];
  });
}

/** ECS's rule for startedBy: up to 128 letters, digits, hyphens, forward slashes and underscores. */
export function readStartedBy(name = 'started-by', env: NodeJS.ProcessEnv = process.env): string {
  const runId = env.GITHUB_RUN_ID;
  return readString(name, {
    default: runId && /^\d+$/.test(runId) ? `github-run-${runId}` : 'shipline-run-task',
    pattern: /^[A-Za-z0-9_/-]{1,128}$/,
    patternHint: 'up to 128 letters, digits, hyphens, forward slashes and underscores (ECS startedBy)',
    example: 'migrate-${{ github.run_id }}',
  });
}

/**
 * `service` (copy its network) or `subnets`, `security-groups`, `assign-public-ip`, `launch-type`.
 * Fargate (the default launch type) needs subnets when no service is named.
 */
export function readTaskNetwork(): TaskNetwork {
  const service = readString('service', {
    pattern: SERVICE,
    patternHint: 'one service name (letters, digits, hyphens, underscores) or a service ARN',
    example: 'web',
  });
  const subnets = readList('subnets', {
    item: /^subnet-[0-9a-f]{1,32}$/,
    itemHint: 'a subnet id like subnet-0abc1234',
  });
  const securityGroups = readList('security-groups', {
    item: /^sg-[0-9a-f]{1,32}$/,
    itemHint: 'a security group id like sg-0abc1234',
  });
  const assignPublicIp = readBoolean('assign-public-ip', { default: false });
  const launchType = readEnum('launch-type', ['FARGATE', 'EC2', 'EXTERNAL'] as const, {
    default: 'FARGATE',
    example: 'FARGATE',
  });
  if (service !== undefined) {
    if (subnets || securityGroups)
      throw new InputError(
        subnets ? 'subnets' : 'security-groups',
        `cannot be given with service '${service}', whose network is copied`,
        '(leave it empty)',
      );
    return { kind: 'service', service };
  }
  if (launchType === 'FARGATE' && !subnets)
    throw new InputError(
      'subnets',
      'are required when no service is named: Fargate tasks use awsvpc networking',
      'subnet-0abc1234, subnet-0def5678',
    );
  return {
    kind: 'explicit',
    ...(subnets ? { subnets } : {}),
    ...(securityGroups ? { securityGroups } : {}),
    assignPublicIp,
    launchType,
  };
}
