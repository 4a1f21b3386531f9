// Slack's size limits: fitToLimits and cut, and the action cutting visibly (bundled dist).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSlack, type SlackStandIn } from '@shipline/local-services/slack';
import { cut, fitToLimits, SLACK_LIMITS } from '../src/limits.js';
import { allText, notify, presetBlocks, workspaceWith } from './support.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlack();
});
afterAll(() => slack.close());

type Block = Record<string, unknown>;
const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('Slack limits through the action (the stand-in refuses over-limit blocks as Slack does)', () => {
  it('a long text and 16 fields: section cut with a visible note, fields split, a warning and a summary row', async () => {
    const fields = Array.from({ length: 12 }, (_, i) => `F${i}=${'v'.repeat(2_100)}`).join('\n');
    const run = await notify(slack, 'webhook', {
      status: 'success',
      version: 'v9',
      environment: 'prod',
      text: 'x'.repeat(5_000),
      fields,
    });
    expect(run.outputs.ok).toBe('true');
    const body = slack.messages.at(-1)?.body as Block;
    const blocks = presetBlocks(body); // the facts; the text is in the message's own blocks
    const text = ((body.blocks as Block[])[1]?.text as { text: string }).text;
    expect(text.length).toBe(SLACK_LIMITS.sectionText);
    expect(text).toMatch(/x\n…_\(truncated: 2,0\d\d more characters\)_$/);
    const fieldCounts = blocks
      .filter((b) => Array.isArray(b.fields))
      .map((b) => (b.fields as unknown[]).length);
    expect(fieldCounts).toEqual([10, 6]); // 4 preset facts + 12 given
    expect(allText(blocks)).toContain('truncated: ');
    expect(run.warnings.join('\n')).toMatch(
      /Slack limits: block 2 \(section\) text cut from 5,000 to 3,000 characters/,
    );
    expect(run.warnings.join('\n')).toMatch(
      /block 1 \(section\): 12 field\(s\) cut to 2,000 characters \(first: field 5 cut from 2,105/,
    );
    expect(run.summary).toMatch(/\| truncated \| .*16 fields split over 2 sections/);
  });

  it('a payload-file of 60 blocks: 49 kept and one saying 11 were left out', async () => {
    const blocks = Array.from({ length: 60 }, (_, i) => section(`line ${i}`));
    const workspace = workspaceWith('big.json', JSON.stringify({ text: 'big', blocks }));
    const run = await notify(slack, 'webhook', { 'payload-file': 'big.json' }, { workspace });
    expect(run.outputs.ok).toBe('true');
    const sent = slack.messages.at(-1)?.body.blocks as Block[];
    expect(sent).toHaveLength(50);
    expect(allText(sent[48])).toContain('line 48');
    expect(allText(sent[49])).toContain('11 more blocks not shown: Slack allows 50 per message');
  });

  it('custom text over 40,000 characters is cut with a note', async () => {
    const run = await notify(slack, 'webhook', { text: `${'y'.repeat(45_000)}` });
    expect(run.outputs.ok).toBe('true');
    const text = slack.messages.at(-1)?.body.text as string;
    expect(text.length).toBe(40_000);
    expect(text.endsWith('more characters)_')).toBe(true);
  });
});

describe('fitToLimits', () => {
  it('leaves a message within limits untouched', () => {
    const message = {
      text: 'hi',
      blocks: [section('a'), { type: 'divider' }],
      attachments: [{ color: '#000' }],
    };
    expect(fitToLimits(message)).toEqual({ message, notes: [] });
  });

  it('caps blocks over the message and its attachments together, header titles at 150', () => {
    const message = {
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(200) } },
        ...Array(30).fill(section('top')),
      ],
      attachments: [{ color: '#fff', blocks: Array(30).fill(section('inner')) }],
    };
    const { message: out, notes } = fitToLimits(message);
    const top = out.blocks as Block[];
    const inner = (out.attachments as { blocks: Block[] }[])[0]?.blocks ?? [];
    expect(top).toHaveLength(31);
    expect(inner).toHaveLength(19); // 18 kept + the note: 50 in all
    expect((top[0]?.text as { text: string }).text).toBe(`${'h'.repeat(149)}…`);
    expect(notes).toEqual([
      'block 1 (header) title cut from 200 to 150 characters',
      '12 of 61 blocks left out (Slack allows 50 per message)',
    ]);
  });

  it('keeps at most 10 context elements', () => {
    const elements = Array.from({ length: 12 }, (_, i) => ({ type: 'mrkdwn', text: String(i) }));
    const { message, notes } = fitToLimits({ blocks: [{ type: 'context', elements }] });
    expect(((message.blocks as Block[])[0]?.elements as unknown[]).length).toBe(10);
    expect(notes).toEqual(['block 1 (context): 2 context elements left out']);
  });

  it('never cuts inside a surrogate pair', () => {
    const text = `${'a'.repeat(10)}${'😀'.repeat(20)}`;
    for (let limit = 42; limit < 50; limit++) {
      const out = cut(text, limit, false);
      expect(out.length).toBeLessThanOrEqual(limit);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});
