// The task definitions against the application as it really runs: a health check to run, the
// image's platform, and (with a docker daemon) a container of the app's image started as each
// definition says: the port it really listens on, and whether the health check command passes.
import fs from 'node:fs';
import path from 'node:path';
import { appFinding, type AppFinding } from './app-finding.js';
import type { DeployTarget } from './deploy-targets.js';
import { probeContainer, type BuiltImage } from './probe.js';

type Container = {
  name?: string;
  user?: string;
  command?: string[];
  portMappings?: { containerPort?: number }[];
  environment?: { name?: string; value?: string }[];
  healthCheck?: { command?: string[] };
};
type Definition = { runtimePlatform?: { cpuArchitecture?: string }; containerDefinitions?: Container[] };

const ARCHITECTURE: Record<string, string> = { X86_64: 'amd64', ARM64: 'arm64' };

/** The port and path of the first local URL in a health check command. */
function checkTarget(command: string): { port?: number; path: string } {
  const m = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"`)]*)?/.exec(
    command,
  );
  return { ...(m?.[1] ? { port: Number(m[1]) } : {}), path: m?.[2] ?? '/' };
}

const dockerfileOf = (appDir: string, target: DeployTarget) =>
  path.join(
    appDir,
    target.inputs.dockerfile || path.join(target.inputs['build-context'] || '.', 'Dockerfile'),
  );

/** `arm64` from the last stage's `FROM --platform=linux/arm64 …`, if it says. */
function declaredArchitecture(appDir: string, target: DeployTarget): string | undefined {
  const file = dockerfileOf(appDir, target);
  if (!fs.existsSync(file)) return undefined;
  const from = [...fs.readFileSync(file, 'utf8').matchAll(/^\s*FROM\s+(.*)$/gim)].pop()?.[1] ?? '';
  return /--platform=linux\/(amd64|arm64)\b/.exec(from)?.[1];
}

/** The path the target's task definition health check requests (`/health`), if it has one. */
export function healthCheckPath(appDir: string, target: DeployTarget): string | undefined {
  const file = path.join(appDir, target.inputs['task-definition'] ?? '');
  if (!fs.existsSync(file)) return undefined;
  const definition = JSON.parse(fs.readFileSync(file, 'utf8')) as Definition;
  const name = target.inputs['container-name'] || 'app';
  const command = definition.containerDefinitions?.find((c) => c.name === name)?.healthCheck?.command ?? [];
  return command.length > 1 ? checkTarget(command.slice(1).join(' ')).path : undefined;
}

/** The files each target deploys, each once. */
const definitionFiles = (targets: DeployTarget[]) => [
  ...new Map(targets.map((t) => [t.inputs['task-definition'] ?? '', t])).values(),
];

export async function runningFindings(
  appDir: string,
  targets: DeployTarget[],
  built: BuiltImage | undefined,
): Promise<AppFinding[]> {
  const out: AppFinding[] = [];
  for (const target of definitionFiles(targets)) {
    const file = target.inputs['task-definition'] ?? '';
    if (!fs.existsSync(path.join(appDir, file))) continue; // doctor says it is missing
    const definition = JSON.parse(fs.readFileSync(path.join(appDir, file), 'utf8')) as Definition;
    const name = target.inputs['container-name'] || 'app';
    const container = definition.containerDefinitions?.find((c) => c.name === name);
    if (!container) continue; // doctor says so
    const field = `containerDefinitions[name=${name}]`;
    const health = container.healthCheck?.command ?? [];
    if (health.length < 2)
      out.push(
        appFinding(
          'error',
          file,
          `${field} has no healthCheck: ECS would count a task that never serves as healthy`,
          `add ${field}.healthCheck.command, e.g. ["CMD-SHELL", "node -e \\"fetch('http://127.0.0.1:3000/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))\\""]`,
        ),
      );
    const wanted = definition.runtimePlatform?.cpuArchitecture ?? 'X86_64';
    // The built image says what it runs on; without a build, the last stage's FROM --platform does.
    const arch = built?.ok ? built.architecture : declaredArchitecture(appDir, target);
    if (arch && ARCHITECTURE[wanted] !== arch)
      out.push(
        appFinding(
          'error',
          file,
          `runtimePlatform.cpuArchitecture is ${wanted} but the image ${built?.ok ? 'builds' : 'is declared'} for ${arch}: its tasks would fail with "exec format error"`,
          `set runtimePlatform.cpuArchitecture to ${arch === 'arm64' ? 'ARM64' : 'X86_64'}, or build for ${ARCHITECTURE[wanted]}`,
        ),
      );
    if (!built?.ok) continue;
    const port = container.portMappings?.[0]?.containerPort;
    const check = checkTarget(health.slice(1).join(' '));
    const environment = Object.fromEntries(
      (container.environment ?? []).map((e) => [
        e.name ?? '',
        e.name === 'APP_VERSION' ? 'probe' : (e.value ?? ''),
      ]),
    );
    const asks = port === undefined ? [] : [{ port, path: check.path }];
    const dockerfile = dockerfileOf(appDir, target);
    const served = fs.existsSync(dockerfile)
      ? /^\s*HEALTHCHECK\b.*$/im.exec(fs.readFileSync(dockerfile, 'utf8').replace(/\\\r?\n/g, ' '))
      : null;
    const probe = await probeContainer(built.image, {
      ...(container.user ? { user: container.user } : {}),
      environment,
      ...(container.command ? { command: container.command } : {}),
      healthCheck: health,
      asks,
    });
    if (probe.exited) {
      out.push(
        appFinding(
          'error',
          file,
          `${field} exits at start as this definition runs it (exit ${probe.exited.code}): ${probe.exited.logs.split('\n').pop()}`,
          `fix the Dockerfile's CMD or ${field}.command`,
        ),
      );
      continue;
    }
    const listens = probe.listening.length > 0 ? probe.listening.join(', ') : 'no port';
    if (port !== undefined && !probe.listening.includes(port))
      out.push(
        appFinding(
          'error',
          file,
          `${field}.portMappings[0].containerPort is ${port} but the app listens on ${listens} (probed: its running container's sockets)`,
          probe.listening.length > 0
            ? `set containerPort to ${probe.listening[0]} (and PORT and the health check with it), or make the app listen on ${port}`
            : `make the app listen on ${port}`,
        ),
      );
    else if (health.length > 1 && probe.healthExit !== 0) {
      const status = probe.answers[`${port}${check.path}`] ?? 0;
      const suggestion = served ? checkTarget(served[0]).path : undefined;
      const why = status > 0 ? `${check.path} answers HTTP ${status}` : `exit ${probe.healthExit}`;
      out.push(
        appFinding(
          'error',
          file,
          `${field}.healthCheck.command fails in the running app (${why}): every task would be replaced as unhealthy`,
          `check a path the app answers with 200${suggestion && suggestion !== check.path ? ` (the Dockerfile's HEALTHCHECK checks ${suggestion})` : ''}`,
        ),
      );
    }
  }
  return out;
}
