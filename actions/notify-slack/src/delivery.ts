// Delivers one Slack message within the retry budget and explains Slack's refusals.
import { formatDuration, retryWithinBudget, type Clock } from '@shipline/toolkit';
import { sendOnce, SlackCallError, type Delivered, type SlackPayload, type Target } from './transport.js';

export type Delivery =
  | ({ ok: true; attempts: number; elapsedMs: number } & Delivered)
  | { ok: false; attempts: number; elapsedMs: number; error: string; reason: string };

export interface DeliveryContext {
  retryBudgetMs: number;
  signal: AbortSignal;
  progress: (line: string) => void;
  clock?: Clock;
  send?: typeof sendOnce;
}

/**
 * Sends within the retry budget: 429 waits exactly what Retry-After says, 5xx and dropped
 * connections back off with jitter, Slack's own refusals (invalid_payload, invalid_auth, …) end it
 * at once. Never throws for Slack's answers; cancellation still throws.
 */
export async function deliver(
  target: Target,
  message: SlackPayload,
  context: DeliveryContext,
): Promise<Delivery> {
  const send = context.send ?? sendOnce;
  const sent = await retryWithinBudget(
    async ({ timeoutMs }) => {
      const timeout = AbortSignal.timeout(timeoutMs);
      return send(target, message, AbortSignal.any([context.signal, timeout])).catch((error: unknown) => {
        if (timeout.aborted && !context.signal.aborted) {
          throw new SlackCallError(
            'timeout',
            true,
            `Slack did not answer within ${formatDuration(timeoutMs)}`,
          );
        }
        throw error;
      });
    },
    {
      budgetMs: context.retryBudgetMs,
      signal: context.signal,
      ...(context.clock ? { clock: context.clock } : {}),
      callError: SlackCallError,
      describe: (error) => `${error.code} (${error.message})`,
      progress: context.progress,
    },
  );
  const { attempts, elapsedMs } = sent;
  if (sent.ok) return { ok: true, attempts, elapsedMs, ...sent.value };
  const reason = explain(sent.error, attempts, context.retryBudgetMs);
  return { ok: false, attempts, elapsedMs, error: sent.error.code, reason };
}

/** What usually causes Slack's commonest refusals. */
const HINTS: Record<string, string> = {
  invalid_auth: 'The bot token is wrong or was revoked',
  not_authed: 'No token reached Slack',
  account_inactive: 'The token belongs to a deleted user or an uninstalled app',
  no_service: 'The incoming webhook was removed, or the URL is wrong',
  invalid_token: 'The incoming webhook URL is wrong or was revoked',
  channel_not_found:
    'Check the channel id, and that the bot can see the channel (private channels need an invite)',
  not_in_channel: 'Invite the bot to the channel (/invite @your-bot)',
  is_archived: 'The channel is archived',
  channel_is_archived: 'The channel is archived',
  invalid_payload: 'The message is not valid Slack JSON: check payload-file against Block Kit',
  invalid_blocks: 'A block is not valid Block Kit: check payload-file',
  message_not_found: 'update-ts names no message in that channel: pass the channel id returned with the ts',
  missing_scope: 'Give the Slack app the chat:write scope and reinstall it',
};

function explain(error: SlackCallError, attempts: number, budgetMs: number): string {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (!error.retryable) {
    const hint = HINTS[error.code] ? ` ${HINTS[error.code]}.` : '';
    return `Slack refused the message: ${error.code} (${error.message}; ${tries}, not retried).${hint}`;
  }
  if (error.retryAfterMs !== undefined) {
    return `Slack is rate limiting (${error.code}) and asked to wait ${formatDuration(error.retryAfterMs)}, beyond the retry budget of ${formatDuration(budgetMs)} (${tries})`;
  }
  return `the retry budget of ${formatDuration(budgetMs)} ran out after ${tries}; last error ${error.code} (${error.message})`;
}
