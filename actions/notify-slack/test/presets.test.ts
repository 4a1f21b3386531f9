// notify-slack status presets and placeholders (bundled dist through the Slack stand-in).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSlack, type SlackMessage, type SlackStandIn } from '@shipline/local-services/slack';
import { allText, notify, presetBlocks, workspaceWith } from './support.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlack();
});
afterAll(() => slack.close());

const lastMessage = (): SlackMessage => slack.messages.at(-1) as SlackMessage;

/**
 * The texts Slack shows for a message, in order, as Slack renders it: the top-level blocks, or
 * the top-level `text` when there are none (with blocks, `text` is only the notification); then
 * each attachment's blocks.
 */
function shown(body: Record<string, unknown>): string[] {
  const texts = (blocks: unknown): string[] =>
    ((blocks ?? []) as Record<string, unknown>[]).flatMap((block) =>
      [block.text, ...((block.fields ?? block.elements ?? []) as unknown[])].flatMap((part) =>
        part && typeof part === 'object' && 'text' in part ? [String(part.text)] : [],
      ),
    );
  const blocks = Array.isArray(body.blocks) && body.blocks.length > 0 ? body.blocks : undefined;
  const top = blocks ? texts(blocks) : typeof body.text === 'string' ? [body.text] : [];
  const attachments = (body.attachments ?? []) as { blocks?: unknown }[];
  return [...top, ...attachments.flatMap((a) => texts(a.blocks))];
}
const deploy = { environment: 'production', version: 'v1.2.3' };

describe('notify-slack presets (bundled dist through the Slack stand-in)', () => {
  it.each([
    ['started', '#439FE0', ':rocket: Deploy started: acme/shop v1.2.3 → production'],
    ['success', '#2EB67D', ':white_check_mark: Deploy succeeded: acme/shop v1.2.3 → production'],
    ['failure', '#E01E5A', ':x: Deploy failed: acme/shop v1.2.3 → production'],
    ['cancelled', '#9E9E9E', ':no_entry_sign: Deploy cancelled: acme/shop v1.2.3 → production'],
  ])(
    '%s: colour, headline, run and commit links, actor, environment, version',
    async (status, color, headline) => {
      const run = await notify(slack, 'webhook', { status, ...deploy });
      expect(run.conclusion).toBe('success');
      expect(run.outputs).toEqual({ ok: 'true', ts: '', channel: '', error: '' });
      const { body } = lastMessage();
      expect(body.text).toBe(headline);
      const attachments = body.attachments as { color: string; fallback: string }[];
      expect(attachments[0]?.color).toBe(color);
      // headline in the message's own blocks (text is only the notification), facts in the attachment
      expect(body.blocks).toEqual([
        {
          type: 'section',
          text: { type: 'mrkdwn', text: headline.replace(/: (.*)$/, ': $1*').replace(/^(:\w+:) /, '$1 *') },
        },
      ]);
      const blocks = presetBlocks(body);
      const fields = (blocks[0]?.fields as { text: string }[]).map((f) => f.text);
      expect(fields).toEqual([
        '*Environment*\nproduction',
        '*Version*\nv1.2.3',
        '*Commit*\n<https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567|`0123456`>',
        '*Actor*\noctocat',
      ]);
      expect(allText(blocks[1])).toContain('<https://github.com/acme/shop/actions/runs/4242|Workflow run>');
      expect(run.summary).toContain(`Slack notified (${status})`);
    },
  );

  it('duration from started-at, title and fields with placeholders, mention only on failure', async () => {
    const startedAt = String(Math.floor(Date.now() / 1000) - 125);
    const inputs = {
      ...deploy,
      'started-at': startedAt,
      title: '{{environment}} is on {{version}}',
      fields: 'Region=eu-west-1\nTook={{duration}}',
      mention: '@here, U0123ABCD, S0456EFGH',
    };
    await notify(slack, 'webhook', { status: 'success', ...inputs });
    const success = lastMessage().body;
    expect(success.text).toBe(':white_check_mark: production is on v1.2.3');
    expect(allText(success)).not.toContain('<!here>');
    expect(allText(presetBlocks(success)[0])).toMatch(/\*Duration\*\\n2m 0[5-7]s/);
    expect(allText(presetBlocks(success)[0])).toMatch(/\*Took\*\\n2m 0[5-7]s/);
    expect(allText(presetBlocks(success)[0])).toContain('*Region*\\neu-west-1');

    await notify(slack, 'webhook', { status: 'failure', ...inputs });
    const failure = lastMessage().body;
    expect(failure.text).toBe('<!here> <@U0123ABCD> <!subteam^S0456EFGH> :x: production is on v1.2.3');
    expect(shown(failure)).toEqual([
      '<!here> <@U0123ABCD> <!subteam^S0456EFGH> :x: *production is on v1.2.3*',
      '*Environment*\nproduction',
      '*Version*\nv1.2.3',
      expect.stringContaining('*Commit*'),
      '*Actor*\noctocat',
      expect.stringMatching(/^\*Duration\*/),
      '*Region*\neu-west-1',
      expect.stringMatching(/^\*Took\*/),
      expect.stringContaining('Workflow run'),
    ]);
  });

  it('shows headline, text and mention once: text is only the notification fallback', async () => {
    const text = 'Rolled back: the previous version serves again.';
    await notify(slack, 'webhook', { status: 'failure', ...deploy, text, mention: '@here' });
    const { body } = lastMessage();
    expect(body.text).toBe(`<!here> :x: Deploy failed: acme/shop v1.2.3 → production: ${text}`);
    const visible = shown(body);
    expect(visible.slice(0, 2)).toEqual(['<!here> :x: *Deploy failed: acme/shop v1.2.3 → production*', text]);
    expect(visible.filter((t) => t.includes(text))).toHaveLength(1);
    expect(visible.filter((t) => t.includes('<!here>'))).toHaveLength(1);
    expect(visible.filter((t) => t.includes('Deploy failed'))).toHaveLength(1);
  });

  it('without started-at the duration is left out, and {{duration}} is empty', async () => {
    await notify(slack, 'webhook', { status: 'success', ...deploy, text: 'took [{{duration}}]' });
    const { body } = lastMessage();
    expect(allText(body)).not.toContain('Duration');
    expect(allText((body.blocks as unknown[])[1])).toContain('took []');
  });

  // version is a one-line input (a line break is refused); the multi-line text carries the newline.
  it('placeholders are JSON-escaped: a version with quotes, backslashes and <> stays one payload', async () => {
    const version = 'fix "quoted" path C:\\tmp <b> & {not a placeholder}';
    const run = await notify(slack, 'webhook', {
      status: 'custom',
      version,
      text: 'Shipped {{ version }}\nby {{actor}} at {{sha}} on {{ref}} in {{repository}} ({{status}}) {{run_url}} env={{environment}}',
    });
    expect(run.outputs.ok).toBe('true');
    const request = slack.requests.at(-1);
    expect(typeof request?.body).toBe('object'); // the stand-in parsed it as JSON
    expect(lastMessage().body).toEqual({
      text:
        'Shipped fix "quoted" path C:\\tmp &lt;b&gt; &amp; {not a placeholder}\nby octocat at ' +
        '0123456789abcdef0123456789abcdef01234567 on main in acme/shop (custom) https://github.com/acme/shop/actions/runs/4242 env=',
    });
  });

  it('custom with title and fields: plain blocks, no colour', async () => {
    await notify(slack, 'webhook', {
      status: 'custom',
      title: 'Nightly {{version}}',
      text: 'All good',
      fields: 'A=1',
      version: 'n42',
    });
    expect(lastMessage().body).toEqual({
      text: 'Nightly n42',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Nightly n42*' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'All good' } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*A*\n1' }] },
      ],
    });
  });

  it('payload-file: Block Kit sent as written, placeholders filled inside strings, mention added on failure', async () => {
    const template = {
      text: 'Deploy {{status}} for {{version}}',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '{{repository}} {{version}}' } },
        { type: 'section', text: { type: 'mrkdwn', text: '<{{run_url}}|run> by {{actor}}' } },
        { type: 'divider' },
      ],
      unfurl_links: false,
    };
    const workspace = workspaceWith('slack.json', JSON.stringify(template, null, 2));
    const version = 'v2 "beta" <line>';
    const run = await notify(
      slack,
      'webhook',
      { status: 'failure', mention: '@channel', version, 'payload-file': 'slack.json' },
      { workspace },
    );
    expect(run.outputs.ok).toBe('true');
    expect(lastMessage().body).toEqual({
      text: '<!channel> Deploy failure for v2 "beta" &lt;line&gt;',
      blocks: [
        // the mention in a block as well: with blocks, Slack does not show `text`
        { type: 'section', text: { type: 'mrkdwn', text: '<!channel>' } },
        { type: 'header', text: { type: 'plain_text', text: 'acme/shop v2 "beta" &lt;line&gt;' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '<https://github.com/acme/shop/actions/runs/4242|run> by octocat' },
        },
        { type: 'divider' },
      ],
      unfurl_links: false,
    });
  });
});
