// The application's variables and secrets as the rehearsed runs see them: its own values, except
// where a value reaches AWS or a third party. Those point at the local parts, each said with why.
import type { LocalParts } from '../stories/index.js';
import type { AppConfig } from './app-config.js';
import type { DeployTarget } from './deploy-targets.js';

export interface RunSettings {
  vars: Record<string, string>;
  secrets: Record<string, string>;
  /** Where images go: the local registry's repository, or a name when nothing is built. */
  image: string;
  /** `STAGING_URL: https://… → http://127.0.0.1:…/_lb/…/ (why)`, one per value replaced. */
  standIns: string[];
}

/** The repository part of an image name: `123….amazonaws.com/shop/web` → `shop/web`. */
export const repositoryPath = (image: string) =>
  image.includes('/') && /[.:]|^localhost$/.test(image.split('/')[0]!)
    ? image.split('/').slice(1).join('/')
    : image;

export function runSettings(config: AppConfig, targets: DeployTarget[], parts: LocalParts): RunSettings {
  const vars = { ...config.variables };
  const standIns: string[] = [];
  const replace = (name: string, value: string, why: string) => {
    if (vars[name] === value) return;
    standIns.push(`${name}: ${vars[name] || '(unset)'} → ${value} (${why})`);
    vars[name] = value;
  };
  const imageVariable = targets.flatMap((t) => t.readsVariables.image ?? [])[0];
  const given = imageVariable ? (config.variables[imageVariable] ?? '') : '';
  const path = repositoryPath(given || config.repository.split('/')[1]!).toLowerCase();
  const image = parts.registry ? `${parts.registry.host}/${path}` : `rehearsal.local/${path}`;
  if (imageVariable)
    replace(
      imageVariable,
      image,
      parts.registry
        ? 'ECR: images are built and pushed to the local registry'
        : `ECR: ${parts.noBuildReason}`,
    );
  for (const t of targets) {
    const service = (t.inputs.services ?? '').split(/[\s,]+/)[0] ?? '';
    for (const name of t.readsVariables['smoke-url'] ?? [])
      replace(
        name,
        parts.emulator.loadBalancerUrl(t.inputs.cluster ?? '', service),
        `the load balancer of ${t.inputs.cluster}/${service} in the ECS emulator`,
      );
    for (const name of t.readsVariables['pagerduty-events-url'] ?? [])
      replace(name, parts.pagerDuty.url, "PagerDuty's Events API: the PagerDuty stand-in");
  }
  const secrets: Record<string, string> = {};
  const listed = new Set(config.secrets);
  if (listed.has('SLACK_WEBHOOK_URL') || listed.has('SLACK_BOT_TOKEN')) {
    secrets.SLACK_WEBHOOK_URL = parts.slack.webhookUrl;
    standIns.push(
      `secret ${listed.has('SLACK_WEBHOOK_URL') ? 'SLACK_WEBHOOK_URL' : 'SLACK_BOT_TOKEN (as a webhook: the bot token goes to slack.com)'} → the Slack stand-in`,
    );
  }
  if (listed.has('PAGERDUTY_ROUTING_KEY')) {
    secrets.PAGERDUTY_ROUTING_KEY = parts.pagerDuty.routingKey;
    standIns.push("secret PAGERDUTY_ROUTING_KEY → the PagerDuty stand-in's own key");
  }
  for (const name of config.secrets.filter((s) => !(s in secrets) && s !== 'SLACK_BOT_TOKEN')) {
    // The GitHub stand-in takes any token; other secrets only need to be there.
    secrets[name] = `rehearsal-${name.toLowerCase()}`;
    standIns.push(`secret ${name} → a made-up value (the GitHub stand-in accepts any)`);
  }
  return { vars, secrets, image, standIns };
}
