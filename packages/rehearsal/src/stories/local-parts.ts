// The parts a pipeline talks to, started on 127.0.0.1: the ECS emulator (with load balancers), a
// Docker registry when a daemon can build into it, Slack and PagerDuty Events stand-ins that print
// what they get, and a GitHub API stand-in whose approver answers approve-gate.
import { spawnSync } from 'node:child_process';
import { startEmulator, type EmulatorHandle, type RunContainersOptions } from '@shipline/ecs-emulator';
import { FakeGitHubDeployments } from '@shipline/local-services/github-deployments';
import { FakeGitHubIssues as FakeGitHub } from '@shipline/local-services/github-issues';
import {
  startPagerDuty,
  type PagerDutyRequest,
  type PagerDutyStandIn,
} from '@shipline/local-services/pagerduty';
import { startSlack, type SlackMessage, type SlackStandIn } from '@shipline/local-services/slack';
// Subpaths, not the index: the index also brings Jest helpers, which only load inside Jest.
import { dockerAvailability, registryAvailability } from '@shipline/local-services/docker-host';
import { startRegistry, type TestRegistry } from '@shipline/local-services/registry';

export interface LocalParts {
  emulator: EmulatorHandle;
  slack: SlackStandIn;
  /** PagerDuty's Events API: the on-call's alerts by dedup key and the change events. */
  pagerDuty: PagerDutyStandIn;
  /** Answers approve-gate: the approver reviews deployments and answers approval issues. */
  github: FakeGitHub;
  /**
   * GitHub's deployments and compare API (what promote-from and the order check read, what the
   * record writes); other requests go on to `github`. Its URL is the run's GITHUB_API_URL.
   */
  deployments: FakeGitHubDeployments;
  /** Present when images can really be built and pushed here. */
  registry?: TestRegistry;
  /** Why the build is stood in for, when there is no registry. */
  noBuildReason?: string;
  close(): Promise<void>;
}

export interface PartsOptions {
  clockScale: number;
  onSlackMessage: (message: SlackMessage) => void;
  onPagerDutyEvent: (request: PagerDutyRequest) => void;
  /** Stand in for the build even when docker is here (faster; used by tests of the engine). */
  noDocker?: boolean;
  /** A registry started once for several sets of parts (stories played at once); else each set starts its own. */
  build?: BuildHost;
  /** Service tasks as real containers when a daemon is here (`./dev rehearse --app`); default simulated. */
  runContainers?: RunContainersOptions;
}

/** Where images are built and pushed: one registry can serve every story, as each release has its own tag. */
export interface BuildHost {
  registry?: TestRegistry;
  /** Why the build is stood in for, when there is no registry. */
  noBuildReason?: string;
  close(): Promise<void>;
}

function buildAvailability(noDocker: boolean | undefined): { ok: true } | { ok: false; reason: string } {
  if (noDocker) return { ok: false, reason: 'asked to run without docker (--no-docker)' };
  const docker = dockerAvailability();
  if (!docker.ok) return docker;
  const registry = registryAvailability();
  if (!registry.ok) return registry;
  // The classic builder needs nothing from the network for FROM scratch; buildx may be absent.
  const version = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' });
  return version.status === 0 ? { ok: true } : { ok: false, reason: 'docker version failed' };
}

/**
 * The images built for the registry's one-off port would only pile up in the daemon under new
 * names: their tags go, but each image keeps one tag by its id (shipline-rehearsal-cache:<id>),
 * so the next rehearsal's build of the same content (reproducible: see play-call's RUNNER_ENV)
 * is a layer cache hit. What is kept is one image per distinct content built.
 */
function untagKeepingCache(prefix: string): void {
  const list = spawnSync('docker', ['images', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}'], {
    encoding: 'utf8',
  });
  const built = (list.stdout ?? '')
    .split('\n')
    .map((line) => line.split(' '))
    .filter((cells): cells is [string, string] => cells[1]?.startsWith(prefix) === true);
  if (built.length === 0) return;
  for (const id of new Set(built.map(([id]) => id)))
    spawnSync('docker', ['tag', id, `${CACHE_REPOSITORY}:${id}`]);
  spawnSync('docker', ['rmi', ...built.map(([, ref]) => ref)], { encoding: 'utf8' });
}

const CACHE_REPOSITORY = 'shipline-rehearsal-cache';

export async function startBuildHost(noDocker?: boolean): Promise<BuildHost> {
  const build = buildAvailability(noDocker);
  if (!build.ok) return { noBuildReason: build.reason, close: async () => {} };
  const registry = await startRegistry({ auth: false });
  return {
    registry,
    close: async () => {
      await registry.stop();
      untagKeepingCache(`${registry.host}/`);
    },
  };
}

export async function startLocalParts(options: PartsOptions): Promise<LocalParts> {
  const build = options.build ?? (await startBuildHost(options.noDocker));
  const { registry } = build;
  const [emulator, slack, pagerDuty, github] = await Promise.all([
    startEmulator({
      clockScale: options.clockScale,
      tickMs: 20,
      ...(registry ? { registry: { url: registry.url } } : {}),
      ...(options.runContainers ? { runContainers: options.runContainers } : {}),
    }),
    startSlack({ onMessage: options.onSlackMessage }),
    startPagerDuty({ onEvent: options.onPagerDutyEvent }),
    new FakeGitHub().start(),
  ]);
  const deployments = await new FakeGitHubDeployments(github.url).start();
  return {
    emulator,
    slack,
    pagerDuty,
    github,
    deployments,
    registry,
    noBuildReason: build.noBuildReason,
    close: async () => {
      await Promise.allSettled([
        emulator.close(),
        slack.close(),
        pagerDuty.close(),
        github.stop(),
        deployments.stop(),
        ...(options.build ? [] : [build.close()]),
      ]);
    },
  };
}
