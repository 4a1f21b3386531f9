// Slack's size limits and fitting a message into them, saying what was cut.
import type { SlackPayload } from './transport.js';

/** Slack's documented limits (chat.postMessage, Block Kit section/header/context blocks). */
export const SLACK_LIMITS = {
  /** Slack truncates `text` beyond 40,000 characters; 4,000 is its recommendation for readability. */
  text: 40_000,
  blocks: 50,
  sectionText: 3_000,
  fieldsPerSection: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
} as const;

type Block = Record<string, unknown>;

export interface Fitted {
  message: SlackPayload;
  /** One line per cut, for the log and the summary; empty when the message fitted. */
  notes: string[];
}

/**
 * Brings a message within Slack's limits instead of letting Slack refuse it: long texts are cut
 * with a visible note, sections with too many fields are split, and blocks beyond 50 are replaced
 * by one context block saying how many were left out.
 */
export function fitToLimits(message: SlackPayload): Fitted {
  const notes: string[] = [];
  const out: SlackPayload = { ...message };
  if (typeof out.text === 'string' && out.text.length > SLACK_LIMITS.text) {
    notes.push(`text cut from ${count(out.text.length)} to ${count(SLACK_LIMITS.text)} characters`);
    out.text = cut(out.text, SLACK_LIMITS.text, true);
  }
  const lists: Block[][] = [];
  if (Array.isArray(out.blocks)) lists.push((out.blocks = fitBlocks(out.blocks as Block[], notes)));
  if (Array.isArray(out.attachments)) {
    out.attachments = (out.attachments as Block[]).map((attachment) => {
      if (!isRecord(attachment) || !Array.isArray(attachment.blocks)) return attachment;
      const blocks = fitBlocks(attachment.blocks as Block[], notes);
      lists.push(blocks);
      return { ...attachment, blocks };
    });
  }
  capBlockCount(lists, notes);
  return { message: out, notes };
}

function fitBlocks(blocks: Block[], notes: string[]): Block[] {
  return blocks.flatMap((block, index) => {
    if (!isRecord(block)) return [block];
    const where = `block ${index + 1} (${String(block.type)})`;
    if (block.type === 'header')
      return [withText(block, SLACK_LIMITS.headerText, false, `${where} title`, notes)];
    if (
      block.type === 'context' &&
      Array.isArray(block.elements) &&
      block.elements.length > SLACK_LIMITS.contextElements
    ) {
      notes.push(
        `${where}: ${block.elements.length - SLACK_LIMITS.contextElements} context elements left out`,
      );
      return [{ ...block, elements: block.elements.slice(0, SLACK_LIMITS.contextElements) }];
    }
    if (block.type !== 'section') return [block];
    const section = withText(block, SLACK_LIMITS.sectionText, true, `${where} text`, notes);
    if (!Array.isArray(section.fields)) return [section];
    const fieldNotes: string[] = [];
    const fields = (section.fields as Block[]).map(
      (field, i) =>
        withText(
          { text: field },
          SLACK_LIMITS.fieldText,
          field.type === 'mrkdwn',
          `field ${i + 1}`,
          fieldNotes,
        ).text,
    );
    if (fieldNotes.length > 0) {
      notes.push(
        `${where}: ${fieldNotes.length} field(s) cut to ${count(SLACK_LIMITS.fieldText)} characters (first: ${fieldNotes[0]})`,
      );
    }
    const chunks: Block[] = [];
    for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
      chunks.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fieldsPerSection) });
    }
    if (chunks.length > 1)
      notes.push(`${where}: ${fields.length} fields split over ${chunks.length} sections`);
    const [first, ...more] = chunks;
    return [{ ...section, fields: first?.fields ?? [] }, ...more];
  });
}

/** Keeps at most 50 blocks over the message and its attachments, the last one saying what is missing. */
function capBlockCount(lists: Block[][], notes: string[]): void {
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  if (total <= SLACK_LIMITS.blocks) return;
  let room = SLACK_LIMITS.blocks - 1;
  const left = total - room;
  let noted = false;
  for (const list of lists) {
    const keep = Math.min(room, list.length);
    room -= keep;
    if (keep === list.length) continue;
    list.splice(keep);
    if (!noted) {
      list.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `_(${left} more blocks not shown: Slack allows ${SLACK_LIMITS.blocks} per message)_`,
          },
        ],
      });
      noted = true;
    }
  }
  notes.push(`${left} of ${total} blocks left out (Slack allows ${SLACK_LIMITS.blocks} per message)`);
}

function withText(block: Block, limit: number, markdown: boolean, what: string, notes: string[]): Block {
  const text = block.text;
  if (!isRecord(text) || typeof text.text !== 'string' || text.text.length <= limit) return block;
  notes.push(`${what} cut from ${count(text.text.length)} to ${count(limit)} characters`);
  return { ...block, text: { ...text, text: cut(text.text, limit, markdown) } };
}

/** Cuts text to `limit` characters including a note of what was cut, never inside a surrogate pair. */
export function cut(text: string, limit: number, markdown: boolean): string {
  const note = (left: number): string =>
    markdown ? `\n…_(truncated: ${count(left)} more characters)_` : '…';
  let keep = limit - note(text.length).length;
  // The note's own length depends on the count it shows: grow until text and note fill the limit.
  while (keep + 1 + note(text.length - keep - 1).length <= limit) keep++;
  if (/[\uD800-\uDBFF]/.test(text.charAt(keep - 1))) keep--;
  return `${text.slice(0, keep)}${note(text.length - keep)}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function isRecord(value: unknown): value is Block {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
