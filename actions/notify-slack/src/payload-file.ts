// The payload-file input: a Block Kit message read from the workspace.
import fs from 'node:fs';
import { InputError, readWorkspacePath } from '@shipline/toolkit';
import { checkPlaceholders } from './placeholders.js';

/**
 * The payload-file input: a Slack message object (Block Kit) with placeholders inside its strings.
 * Returned parsed, placeholders still unfilled; every problem is an InputError before any request.
 */
export function readPayloadFile(): Record<string, unknown> | undefined {
  const file = readWorkspacePath('payload-file', { mustExist: 'file', example: '.github/slack/deploy.json' });
  if (file === undefined) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  checkPlaceholders('payload-file', text);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      'payload-file',
      `is not valid JSON: ${(error as Error).message}`,
      '{"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "{{version}}"}}]}',
    );
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InputError(
      'payload-file',
      'must hold a JSON object (a Slack message with text, blocks or attachments)',
      '{"text": "Deployed {{version}}"}',
    );
  }
  const message = payload as Record<string, unknown>;
  if (!message.text && !Array.isArray(message.blocks) && !Array.isArray(message.attachments)) {
    throw new InputError(
      'payload-file',
      'has none of text, blocks or attachments: Slack would answer no_text',
      '{"text": "Deployed {{version}}"}',
    );
  }
  return message;
}
