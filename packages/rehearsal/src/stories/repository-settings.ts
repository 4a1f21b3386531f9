// The application's repository as its owners set it up for the pipeline: the variables and secrets
// cd.yml reads (pointing at the local parts), and the production environment's required reviewer.
import type { LocalParts } from './local-parts.js';
import { ACCOUNT_ID, clusterOf, REGION, SERVICE } from './seed.js';
import type { Environment } from './story-types.js';

export const THIS_REPOSITORY = 'shipline/shipline';
/** The application's repository, whose cd.yml calls this repository's reusable workflow. */
export const CONSUMER_REPOSITORY = 'acme/shop';
export const APPROVER = 'release-manager';
/** The AWS roles the jobs assume: the build role, and a deploy role per environment. */
export const ROLE_NAMES = {
  build: 'shop-ecr-push',
  deploy: { staging: 'shop-deploy-staging', production: 'shop-deploy-production' },
} as const;

/** Settings → Secrets and variables → Actions → Variables. */
export function repositoryVariables(parts: LocalParts, image: string): Record<string, string> {
  const lb = (environment: Environment) => parts.emulator.loadBalancerUrl(clusterOf(environment), SERVICE);
  return {
    AWS_REGION: REGION,
    ECR_REPOSITORY: image,
    ECS_SERVICE: SERVICE,
    ECR_PUSH_ROLE_ARN: `arn:aws:iam::${ACCOUNT_ID}:role/${ROLE_NAMES.build}`,
    SLACK_CHANNEL: '',
    PRODUCTION_APPROVERS: APPROVER,
    STAGING_AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT_ID}:role/${ROLE_NAMES.deploy.staging}`,
    STAGING_ECS_CLUSTER: clusterOf('staging'),
    STAGING_URL: lb('staging'),
    PRODUCTION_AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT_ID}:role/${ROLE_NAMES.deploy.production}`,
    PRODUCTION_ECS_CLUSTER: clusterOf('production'),
    PRODUCTION_URL: lb('production'),
    // Production's test listener (blue-green: green only while ECS waits at the PAUSE hook).
    PRODUCTION_TEST_URL: parts.emulator.testListenerUrl(clusterOf('production'), SERVICE),
    // Optional in the templates (PagerDuty's EU region, say); here the PagerDuty stand-in.
    PAGERDUTY_EVENTS_URL: parts.pagerDuty.url,
  };
}

/** Settings → Secrets and variables → Actions → Secrets. */
export function repositorySecrets(parts: LocalParts): Record<string, string> {
  return {
    SLACK_WEBHOOK_URL: parts.slack.webhookUrl,
    PAGERDUTY_ROUTING_KEY: parts.pagerDuty.routingKey,
  };
}

/**
 * The approver, played by the GitHub stand-in: the environment's required reviewer approves this
 * run, which is what approve-gate's environment mode (the templates' production gate) reads.
 * Returns who approved, if the call waits for reviewers.
 */
export function answerApprovals(
  parts: LocalParts,
  inputs: Record<string, string>,
  environment: Environment,
): string | undefined {
  const reviewed = inputs.approval === 'environment';
  parts.github.runApprovals = reviewed
    ? [
        {
          state: 'approved',
          comment: 'Rehearsal',
          user: { login: APPROVER },
          environments: [{ name: environment }],
        },
      ]
    : [];
  return reviewed ? APPROVER : undefined;
}
