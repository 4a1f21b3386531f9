// A Slack (or a proxy in front of it) that answers 500 echoing what it was sent: the webhook URL,
// its path, the bot token. None of it may reach the summary, the outputs or the log as shown; and
// a URL carrying credentials is refused before any call (issue #15: findings 1, 2, 4).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { runAction } from '@shipline/action-harness';
import { actionDir, context, notify } from './support.js';

const TOKEN = 'xoxb-111122223333-4444555566667-echoedBotTokenSecret';
const SECRET_PATH = '/services/T0SHIPLINE/B0ECHO/Zq8echoedWebhookSecret42';

let server: http.Server;
let base = '';
let answer: (req: http.IncomingMessage) => string = () => '';
let requests = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(answer(req));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = 0;
});

// notify() passes the stand-in's own credentials as secrets too; these tests bring their own.
const noSlack = { webhookUrl: '', token: '' } as Parameters<typeof notify>[0];
const fast = { status: 'success', 'retry-budget': '1s' };

describe('notify-slack: what a failing server echoes stays out of the summary, outputs and log', () => {
  it.each(['true', 'false'])(
    'a webhook URL echoed in a 500 body is redacted in the summary why row (fail-on-error %s)',
    async (failOnError) => {
      const webhook = `${base}${SECRET_PATH}`;
      answer = () => `upstream error posting to ${webhook} (path ${SECRET_PATH})`;
      const run = await notify(noSlack, 'none', {
        ...fast,
        'webhook-url': webhook,
        'fail-on-error': failOnError,
      });
      expect(run.outputs).toMatchObject({ ok: 'false', error: 'http_500' });
      expect(run.summary).toMatch(/\| why \| .*Slack answered HTTP 500: upstream error posting to \*\*\*/);
      const published = run.summary + JSON.stringify(run.outputs) + run.log;
      expect(published).not.toContain('Zq8echoedWebhookSecret42');
    },
  );

  it('the webhook path alone, echoed back, is masked in the log as shown', async () => {
    answer = (req) => `no route for ${req.url ?? ''}`;
    const run = await notify(noSlack, 'none', { ...fast, 'webhook-url': `${base}${SECRET_PATH}` });
    expect(run.log).toMatch(/Slack answered HTTP 500: no route for \*\*\*/);
    expect(run.log).not.toContain('B0ECHO/Zq8echoed');
  });

  it('a bot token echoed in a Web API 500 body is redacted in the summary and outputs', async () => {
    answer = (req) => `{"ok":false,"seen":"${req.headers.authorization ?? ''}"}`;
    const run = await notify(noSlack, 'none', {
      ...fast,
      'bot-token': TOKEN,
      'api-url': `${base}/api`,
      channel: '#deploys',
    });
    expect(run.outputs).toMatchObject({ ok: 'false', error: 'http_500' });
    expect(run.summary).toMatch(/Slack answered HTTP 500: \{"ok":false,"seen":"(Bearer )?\*\*\*"\}/);
    expect(run.summary + JSON.stringify(run.outputs)).not.toContain('echoedBotTokenSecret');
  });

  it('a server line starting a workflow command stays text in the log', async () => {
    answer = () => 'bad gateway\n::error title=forged::deploy approved\n##[warning]forged';
    const run = await notify(noSlack, 'none', { ...fast, 'webhook-url': `${base}${SECRET_PATH}` });
    expect(run.commands.filter((c) => c.properties.title === 'forged' || c.message === 'forged')).toEqual([]);
  });
});

describe('notify-slack: credentials in URLs', () => {
  it.each(['webhook-url', 'api-url'])(
    'refuses user:password@ in %s before any call, without repeating the password',
    async (input) => {
      const withCredentials = `http://deploy:RegPw789secret@127.0.0.1:${new URL(base).port}${
        input === 'webhook-url' ? SECRET_PATH : '/api'
      }`;
      const inputs: Record<string, string> =
        input === 'webhook-url'
          ? { 'webhook-url': withCredentials }
          : { 'bot-token': TOKEN, 'api-url': withCredentials, channel: '#deploys' };
      const run = await runAction({
        actionDir,
        inputs: { ...inputs, status: 'success', 'fail-on-error': 'true' },
        secrets: [inputs['webhook-url'] ?? TOKEN],
        context,
      });
      expect(run.exitCode).toBe(1);
      expect(run.errors.join('\n')).toMatch(
        new RegExp(
          `Input '${input}' carries credentials \\(user:password@ before the host\\), which are refused`,
        ),
      );
      expect(requests).toBe(0);
      const raw = run.stages.map((s) => s.stdout).join('') + run.summary;
      expect(raw.split('\n').filter((l) => !l.startsWith('::add-mask::') && l.includes('RegPw789'))).toEqual(
        [],
      );
    },
  );
});
