// Hostile-input suite (issue #15) for notify-pagerduty, bundled dist against the stand-in:
// generated summaries, failure reasons and details carrying command injections, control/bidi
// characters and long strings. The routing key (a secret) must not be readable in any form.
import { afterAll, beforeAll, describe } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { runAction } from '@shipline/action-harness';
import { startPagerDuty, type PagerDutyStandIn } from '@shipline/local-services/pagerduty';
import { expectHostileSafe } from '../../../test/support/hostile-checks.js';
import {
  anyHostileText,
  hostileText,
  reportCases,
  runParameters,
} from '../../../test/support/hostile-text.js';
import { actionDir, context } from './support.js';

const { fixed } = runParameters(6);
const cases: Record<string, number> = {};
let pd: PagerDutyStandIn;
beforeAll(async () => {
  pd = await startPagerDuty();
});
afterAll(async () => {
  await pd.close();
  reportCases('notify-pagerduty', cases);
});

describe('notify-pagerduty hostile input', () => {
  test.prop([hostileText(), anyHostileText(), hostileText(), fc.constantFrom(202, 400, 503)], fixed)(
    'no injected command and no routing-key form readable, whatever the texts and the answer',
    async (summary, failureReason, component, status) => {
      cases.trigger = (cases.trigger ?? 0) + 1;
      if (status !== 202) pd.script(...Array<number>(3).fill(status));
      const run = await runAction({
        actionDir,
        inputs: {
          'routing-key': pd.routingKey,
          'events-url': pd.url,
          environment: 'production',
          summary: summary.replace(/[\r\n]/g, ' ') || 'down',
          'failure-reason': failureReason,
          component: component.replace(/[\r\n]/g, ' '),
          'retry-budget': '1s',
        },
        secrets: [pd.routingKey],
        context,
      });
      pd.clearScripts();
      expectHostileSafe(run, { secrets: [pd.routingKey] });
    },
    120_000,
  );
});
