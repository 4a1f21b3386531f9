// Builds the Slack message: a status preset (colour, emoji, title), fields, links and mentions.
import type { NotifyOptions, Status } from './inputs.js';
import { escapeSlack, fill, fillJson, type PlaceholderValues, type RunFacts } from './placeholders.js';
import type { SlackPayload } from './transport.js';

interface Preset {
  emoji: string;
  color: string;
  headline: string;
}

/** How each deploy status looks: colour bar (attachment colour), emoji and default title. */
export const PRESETS: Record<Exclude<Status, 'custom'>, Preset> = {
  started: { emoji: ':rocket:', color: '#439FE0', headline: 'Deploy started' },
  success: { emoji: ':white_check_mark:', color: '#2EB67D', headline: 'Deploy succeeded' },
  failure: { emoji: ':x:', color: '#E01E5A', headline: 'Deploy failed' },
  cancelled: { emoji: ':no_entry_sign:', color: '#9E9E9E', headline: 'Deploy cancelled' },
};

type Block = Record<string, unknown>;
const mrkdwn = (text: string): Block => ({ type: 'mrkdwn', text });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });

/**
 * The message to send: the payload-file as given, or a preset, or for `custom` the text with
 * optional title and fields. A preset puts headline and text in the message's own blocks (so the
 * top-level `text` is only the notification fallback, never shown twice) and the facts and links
 * in a coloured attachment. Placeholders are filled here; mentions are added on failure only.
 */
export function buildMessage(
  options: NotifyOptions,
  values: PlaceholderValues,
  facts: RunFacts,
): SlackPayload {
  const ping =
    options.status === 'failure' && options.mentions.length > 0 ? `${options.mentions.join(' ')} ` : '';
  if (options.payload) {
    const message = fillJson(options.payload, values) as SlackPayload;
    if (ping) {
      message.text = `${ping}${typeof message.text === 'string' ? message.text : ''}`.trim();
      // With blocks, Slack shows them and not `text` (only the notification uses it): the
      // mention must be in a block too, or nobody sees it in the channel.
      if (Array.isArray(message.blocks)) message.blocks = [section(ping.trim()), ...message.blocks];
    }
    return message;
  }
  const text = options.text === undefined ? undefined : fill(options.text, values);
  const fields = userFields(options, values);
  if (options.status === 'custom') {
    const title = options.title === undefined ? undefined : fill(options.title, values);
    if (title === undefined && fields.length === 0) return { text: text ?? '' };
    const blocks = [
      title && section(`*${title}*`),
      text && section(text),
      fields.length > 0 && { type: 'section', fields },
    ];
    return { text: title ?? text ?? '', blocks: blocks.filter(Boolean) };
  }
  const preset = PRESETS[options.status];
  const headline = `${preset.emoji} *${options.title === undefined ? defaultTitle(preset, values) : fill(options.title, values)}*`;
  const blocks: Block[] = [section(`${ping}${headline}`)];
  if (text) blocks.push(section(text));
  const details: Block[] = [];
  const factFields = [...presetFields(values, facts), ...fields];
  if (factFields.length > 0) details.push({ type: 'section', fields: factFields });
  const links = [
    facts.runUrl && `<${facts.runUrl}|Workflow run>`,
    facts.repositoryUrl && `<${facts.repositoryUrl}|${escapeSlack(facts.repository)}>`,
    facts.ref && `\`${escapeSlack(facts.ref)}\``,
  ].filter(Boolean) as string[];
  if (links.length > 0) details.push({ type: 'context', elements: [mrkdwn(links.join('  ·  '))] });
  const notification = `${ping}${plain(headline)}${text ? `: ${text}` : ''}`;
  if (details.length === 0) return { text: notification, blocks };
  return {
    text: notification,
    blocks,
    attachments: [{ color: preset.color, fallback: notification, blocks: details }],
  };
}

function defaultTitle(preset: Preset, values: PlaceholderValues): string {
  const what = [values.repository, values.version].filter(Boolean).map(escapeSlack).join(' ');
  const where = values.environment ? ` → ${escapeSlack(values.environment)}` : '';
  return `${preset.headline}${what ? `: ${what}` : ''}${where}`;
}

function presetFields(values: PlaceholderValues, facts: RunFacts): Block[] {
  const sha = facts.sha.slice(0, 7);
  const commit = facts.commitUrl ? `<${facts.commitUrl}|\`${sha}\`>` : sha && `\`${sha}\``;
  const pairs: [string, string][] = [
    ['Environment', escapeSlack(values.environment)],
    ['Version', escapeSlack(values.version)],
    ['Commit', commit],
    ['Actor', escapeSlack(values.actor)],
    ['Duration', values.duration],
  ];
  return pairs.filter(([, value]) => value !== '').map(([name, value]) => mrkdwn(`*${name}*\n${value}`));
}

function userFields(options: NotifyOptions, values: PlaceholderValues): Block[] {
  return options.fields.map(([key, value]) => mrkdwn(`*${fill(key, values)}*\n${fill(value, values)}`));
}

/** Notification text has no markup of its own worth keeping: drop emphasis stars. */
function plain(text: string): string {
  return text.replace(/\*/g, '');
}
