// Test helpers for notify-slack: the action folder, a run context, one notify step, payload files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoLeaks, runAction, type RunResult } from '@shipline/action-harness';
import type { SlackStandIn } from '@shipline/local-services/slack';

export const actionDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

export const context = {
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  actor: 'octocat',
  runId: 4242,
  serverUrl: 'https://github.com',
};

export type Mode = 'webhook' | 'bot';

/** Runs the bundled action as a step whose Slack secret comes from `secrets`, then checks for leaks. */
export async function notify(
  slack: SlackStandIn,
  mode: Mode | 'none',
  inputs: Record<string, string>,
  more: { workspace?: string; env?: Record<string, string>; secrets?: string[] } = {},
): Promise<RunResult> {
  const auth: Record<string, string> =
    mode === 'webhook'
      ? { 'webhook-url': slack.webhookUrl }
      : mode === 'bot'
        ? { 'bot-token': slack.token, 'api-url': slack.apiUrl, channel: '#deploys' }
        : {};
  const run = await runAction({
    actionDir,
    inputs: { ...auth, ...inputs },
    // Every Slack credential goes in as a workflow passes `${{ secrets.X }}`: masked from the start.
    secrets: [
      slack.webhookUrl,
      slack.token,
      inputs['webhook-url'],
      inputs['bot-token'],
      ...(more.secrets ?? []),
    ].filter((s): s is string => Boolean(s)),
    context,
    workspace: more.workspace,
    env: more.env,
  });
  expectNoLeaks(run);
  return run;
}

/** A workspace holding `name` with `content`. */
export function workspaceWith(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-slack-'));
  fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** The attachment blocks of a preset message, as Slack received it. */
export function presetBlocks(body: Record<string, unknown>): Record<string, unknown>[] {
  const attachments = body.attachments as { blocks: Record<string, unknown>[] }[];
  return attachments[0]?.blocks ?? [];
}

/** All text of a message, as one string, for contains-checks. */
export function allText(body: unknown): string {
  return JSON.stringify(body);
}
