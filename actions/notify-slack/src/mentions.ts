// The mentions input: Slack user and group ids to mention, checked.
import { readList } from '@shipline/toolkit';

/**
 * Who to ping on failure, as Slack mention markup: `@here`/`@channel`, user ids (`U…`, `W…`) and
 * user-group ids (`S…`). Names such as `@alice` do not notify anyone in Slack, so they are refused.
 */
export function readMentions(input: string): string[] {
  const items =
    readList(input, {
      item: /^(@?(here|channel|everyone)|[UW][A-Z0-9]{6,}|S[A-Z0-9]{6,}|<[@!][^<>\s]+>)$/,
      itemHint: '@here, @channel, a user id (U0123ABCD), a user-group id (S0123ABCD) or <@U0123ABCD>',
      example: '@here, U0123ABCD',
    }) ?? [];
  return items.map(toMarkup);
}

function toMarkup(item: string): string {
  if (item.startsWith('<')) return item;
  const bare = item.replace(/^@/, '');
  if (/^(here|channel|everyone)$/.test(bare)) return `<!${bare}>`;
  if (bare.startsWith('S')) return `<!subteam^${bare}>`;
  return `<@${bare}>`;
}
