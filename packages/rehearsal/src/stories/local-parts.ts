// The parts a pipeline talks to, started on 127.0.0.1: the ECS emulator (with load balancers), a
// Docker registry when a daemon can build into it, Slack and PagerDuty Events stand-ins that print
// what they get, and a GitHub API stand-in whose approver answers approve-gate.
import { spawnSync } from 'node:child_process';
import { startEmulator, type EmulatorHandle } from '@shipline/ecs-emulator';
import { FakeGitHubDeployments } from '@shipline/local-services/github-deployments';
import { FakeGitHubIssues as FakeGitHub } from '@shipline/local-services/github-issues';
import {
  startPagerDuty,
  type PagerDutyRequest,
  type PagerDutyStandIn,
} from '@shipline/local-services/pagerduty';
import { startSlack, type SlackMessage, type SlackStandIn } from '@shipline/local-services/slack';
// Subpaths, not the index: the index also brings Jest helpers, which only load inside Jest.
import { dockerAvailability, registryAvailability, removeImages } from '@shipline/local-services/docker-host';
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

export async function startBuildHost(noDocker?: boolean): Promise<BuildHost> {
  const build = buildAvailability(noDocker);
  if (!build.ok) return { noBuildReason: build.reason, close: async () => {} };
  const registry = await startRegistry({ auth: false });
  return {
    registry,
    close: async () => {
      await registry.stop();
      // The images built for the registry's one-off port would only pile up in the daemon.
      removeImages(`${registry.host}/`);
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
