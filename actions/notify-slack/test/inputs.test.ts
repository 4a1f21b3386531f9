// notify-slack bad inputs (bundled dist): refused before any request, secrets never echoed.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSlack, type SlackStandIn } from '@shipline/local-services/slack';
import { notify, workspaceWith, type Mode } from './support.js';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlack();
});
afterAll(() => slack.close());

const good = { status: 'success', environment: 'production', version: 'v1.2.3' };

// [what, mode, inputs, the input the error must name, a phrase of the problem]
const cases: [string, Mode | 'none', Record<string, string>, string, RegExp][] = [
  [
    'no webhook-url and no bot-token',
    'none',
    good,
    'webhook-url',
    /give exactly one of 'webhook-url', 'bot-token'/,
  ],
  [
    'both webhook-url and bot-token',
    'webhook',
    { ...good, 'bot-token': 'xoxb-1-2-abc' },
    'webhook-url',
    /conflicts with 'bot-token'/,
  ],
  ['bot-token without channel', 'bot', { ...good, channel: '' }, 'channel', /required with bot-token/],
  ['channel with a webhook', 'webhook', { ...good, channel: '#deploys' }, 'channel', /only with bot-token/],
  [
    'thread-ts with a webhook',
    'webhook',
    { ...good, 'thread-ts': '1767225600.000100' },
    'thread-ts',
    /only with bot-token/,
  ],
  [
    'thread-ts and update-ts',
    'bot',
    { ...good, 'thread-ts': '1767225600.000100', 'update-ts': '1767225600.000200' },
    'thread-ts',
    /conflicts with 'update-ts'/,
  ],
  [
    'update-ts with a channel name (chat.update takes only an id)',
    'bot',
    { ...good, channel: '#deploys', 'update-ts': '1767225600.000100' },
    'channel',
    /update-ts needs the channel id .*pass the channel output of the step that posted the message/,
  ],
  [
    'an api-url on plain http to a remote host (the bot token would travel in clear)',
    'bot',
    { ...good, 'api-url': 'http://slack.example.com/api' },
    'api-url',
    /must use https \(plain http is allowed only for a local stand-in/,
  ],
  ['a malformed update-ts', 'bot', { ...good, 'update-ts': 'yesterday' }, 'update-ts', /Slack message ts/],
  [
    'an unknown status',
    'webhook',
    { ...good, status: 'succeeded' },
    'status',
    /not one of: started, success, failure, cancelled, custom/,
  ],
  [
    'an unknown placeholder in text',
    'webhook',
    { ...good, text: 'Deployed {{commit}}' },
    'text',
    /unknown placeholder \{\{commit\}\}; known placeholders: \{\{repository\}\}.*\{\{duration\}\}/,
  ],
  [
    'an unknown placeholder in title',
    'webhook',
    { ...good, title: '{{ env }} is live' },
    'title',
    /unknown placeholder \{\{env\}\}/,
  ],
  [
    'an unknown placeholder in fields',
    'webhook',
    { ...good, fields: 'Region=eu-west-1\nCommit={{message}}' },
    'fields',
    /unknown placeholder \{\{message\}\}/,
  ],
  [
    'a fields line without =',
    'webhook',
    { ...good, fields: 'Region eu-west-1' },
    'fields',
    /line 1 .* is not KEY=VALUE/,
  ],
  [
    'custom without text or payload-file',
    'webhook',
    { status: 'custom' },
    'text',
    /required when status is 'custom'/,
  ],
  [
    'a retry-budget that is not a duration',
    'webhook',
    { ...good, 'retry-budget': 'soon' },
    'retry-budget',
    /not a duration/,
  ],
  ['fail-on-error yes', 'webhook', { ...good, 'fail-on-error': 'yes' }, 'fail-on-error', /not a boolean/],
  [
    'an api-url on ftp',
    'bot',
    { ...good, 'api-url': 'ftp://slack.example/api' },
    'api-url',
    /must use https or http/,
  ],
  [
    'a webhook-url on plain http to a remote host',
    'none',
    { ...good, 'webhook-url': 'http://hooks.slack.com/services/T0/B0/secretpart' },
    'webhook-url',
    /must use https/,
  ],
  [
    'a bot-token that is not a Slack token',
    'none',
    { ...good, 'bot-token': 'ghp_notslack', channel: '#deploys' },
    'bot-token',
    /starting with xoxb-/,
  ],
  ['a mention by name', 'webhook', { ...good, mention: '@alice' }, 'mention', /user id \(U0123ABCD\)/],
  [
    'a started-at in the future',
    'webhook',
    { ...good, 'started-at': '2099-01-01T00:00:00Z' },
    'started-at',
    /in the future/,
  ],
  [
    'a started-at that is no time',
    'webhook',
    { ...good, 'started-at': 'an hour ago' },
    'started-at',
    /neither an ISO 8601 time nor epoch seconds/,
  ],
];

describe('notify-slack: bad inputs fail before any request to Slack', () => {
  it.each(cases)('%s', async (_what, mode, inputs, input, problem) => {
    const before = slack.requests.length;
    const run = await notify(slack, mode, inputs);
    expect(run.conclusion).toBe('failure');
    const error = run.errors.find((e) => e.includes(`Input '${input}'`));
    expect(error).toMatch(problem);
    expect(error).toContain('Example of a good value');
    expect(run.errors.join('\n')).toContain('nothing was changed');
    expect(run.outputs).toEqual({});
    expect(slack.requests.length).toBe(before);
  });

  it('payload-file: missing, not JSON, not an object, unknown placeholder, nothing to show', async () => {
    const files: [string, string, RegExp][] = [
      ['missing.json', '', /does not exist in the workspace/],
      ['broken.json', '{"text": "Deployed {{version}}",}', /is not valid JSON/],
      ['list.json', '[{"text": "x"}]', /must hold a JSON object/],
      ['typo.json', '{"text": "Deployed {{versoin}}"}', /unknown placeholder \{\{versoin\}\}/],
      ['empty.json', '{"username": "shipline"}', /none of text, blocks or attachments/],
    ];
    for (const [name, content, problem] of files) {
      const workspace = workspaceWith(name === 'missing.json' ? 'other.json' : name, content);
      const run = await notify(slack, 'webhook', { status: 'success', 'payload-file': name }, { workspace });
      expect(run.conclusion).toBe('failure');
      expect(run.errors.find((e) => e.includes("Input 'payload-file'"))).toMatch(problem);
    }
    expect(slack.requests).toHaveLength(0);
  });

  it('reports every bad input of one step at once, never echoing a secret', async () => {
    const run = await notify(slack, 'webhook', {
      'bot-token': slack.token,
      status: 'done',
      text: '{{nope}}',
      'retry-budget': '0s',
    });
    const titles = run.commands.filter((c) => c.command === 'error').map((c) => c.properties.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Bad input: status',
        'Bad input: text',
        'Bad input: retry-budget',
        'Bad input: webhook-url',
      ]),
    );
    expect(slack.requests).toHaveLength(0);
  });
});
