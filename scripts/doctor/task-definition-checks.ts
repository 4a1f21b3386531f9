// The task definitions an installed pipeline deploys: readable as deploy-ecs reads them, no
// placeholder left, role ARNs well formed, and the container's port and health check consistent
// with each other and with the Dockerfile (EXPOSE, HEALTHCHECK, which ECS itself ignores).
import fs from 'node:fs';
import path from 'node:path';
import { parseTaskDefinitionFile } from '../../packages/ecs/src/index.js';
import type { ShiplineCall } from './app-workflows.js';
import { containerFindings, type Container, type Target } from './container-checks.js';
import { readDockerfile } from './dockerfile.js';
import { finding, ROLE_ARN, type Finding } from './findings.js';

const EXECUTION_ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/shop-production-execution';

/** Each task-definition file a deploy call names, with its container and Dockerfile. */
function targets(calls: ShiplineCall[]): Target[] {
  const seen = new Map<string, Target>();
  for (const call of calls) {
    const file = call.with['task-definition'];
    if (typeof file !== 'string' || file.includes('${{')) continue;
    const context = typeof call.with['build-context'] === 'string' ? call.with['build-context'] : '.';
    const dockerfile =
      typeof call.with.dockerfile === 'string' && call.with.dockerfile !== ''
        ? call.with.dockerfile
        : path.join(context, 'Dockerfile');
    const container = typeof call.with['container-name'] === 'string' ? call.with['container-name'] : 'app';
    seen.set(file, { file, container, dockerfile });
  }
  return [...seen.values()];
}

function roleFindings(file: string, definition: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  for (const key of ['executionRoleArn', 'taskRoleArn']) {
    const value = definition[key];
    if (value === undefined || String(value).includes('<AWS_')) continue; // the placeholder is reported
    if (typeof value !== 'string' || !ROLE_ARN.test(value))
      out.push(
        finding(
          'error',
          file,
          `${key} '${String(value)}' is not a role ARN`,
          `write it like ${EXECUTION_ROLE_EXAMPLE}`,
        ),
      );
  }
  if (definition.executionRoleArn === undefined)
    out.push(
      finding(
        'error',
        file,
        'no executionRoleArn: Fargate needs it to pull the image from ECR and send logs',
        `add "executionRoleArn": "${EXECUTION_ROLE_EXAMPLE}"`,
      ),
    );
  return out;
}

export function taskDefinitionFindings(appDir: string, calls: ShiplineCall[]): Finding[] {
  const out: Finding[] = [];
  for (const t of targets(calls)) {
    const full = path.join(appDir, t.file);
    if (!fs.existsSync(full)) {
      out.push(
        finding(
          'error',
          t.file,
          'missing: a deploy call names it as task-definition',
          'run ./dev install-pipeline, or point task-definition at your file',
        ),
      );
      continue;
    }
    const text = fs.readFileSync(full, 'utf8');
    for (const placeholder of new Set(text.match(/<AWS_[A-Z_]+>/g) ?? []))
      out.push(
        finding(
          'error',
          t.file,
          `${placeholder} is still a placeholder`,
          'replace it (or install again with --aws-account-id / --aws-region)',
        ),
      );
    let definition: Record<string, unknown>;
    try {
      definition = parseTaskDefinitionFile(text, t.file) as unknown as Record<string, unknown>;
    } catch (error) {
      out.push(finding('error', t.file, (error as Error).message));
      continue;
    }
    out.push(...roleFindings(t.file, definition));
    const containers = (definition.containerDefinitions ?? []) as Container[];
    const container = containers.find((c) => c.name === t.container);
    if (!container) {
      out.push(
        finding(
          'error',
          t.file,
          `no container named ${t.container}: deploy-ecs sets that container's image`,
          `name the application's container ${t.container}, or pass container-name`,
        ),
      );
      continue;
    }
    const dockerPath = path.join(appDir, t.dockerfile);
    const dockerText = fs.existsSync(dockerPath) ? fs.readFileSync(dockerPath, 'utf8') : undefined;
    if (dockerText === undefined)
      out.push(
        finding(
          'error',
          t.dockerfile,
          'missing: the build step builds from it',
          'add a Dockerfile, or pass dockerfile / build-context',
        ),
      );
    const from = [...(dockerText ?? '').matchAll(/^\s*FROM\s+(\S+)/gim)].pop()?.[1] ?? '';
    out.push(
      ...containerFindings(
        t,
        container,
        dockerText === undefined ? undefined : readDockerfile(dockerText),
        from,
      ),
    );
  }
  return out;
}
