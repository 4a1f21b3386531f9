import { createEcsClient, describeServiceStates, requireAwsRegion, rollBackService } from '@shipline/ecs';
import {
  actionLog,
  actionMain,
  appendSummary,
  prefixedLog,
  publishOutputs,
  runnerLog,
} from '@shipline/toolkit';
import { readRollbackOptions } from './inputs.js';
import {
  cancelNote,
  failureMessage,
  rollbackOutputs,
  rollbackSummary,
  succeeded,
  type ServiceRollback,
} from './report.js';

/**
 * Reads and validates every input, rolls every service back at once (each to its own target),
 * then publishes outputs, the summary and the verdict.
 */
export async function main(): Promise<void> {
  await actionMain(async (signal) => {
    const { services, ...options } = readRollbackOptions();
    requireAwsRegion();
    const started = Date.now();
    const ecs = createEcsClient();
    const rollbacks: ServiceRollback[] = await Promise.all(
      services.map(async (service) => {
        const log = services.length === 1 ? actionLog : prefixedLog(service, actionLog);
        try {
          return { service, result: await rollBackService({ ...options, service }, { ecs, log, signal }) };
        } catch (error) {
          if (signal.aborted) return { service, error: 'cancelled before its rollback was seen to start' };
          if (services.length === 1) throw error;
          return { service, error: (error as Error).message };
        }
      }),
    );
    if (signal.aborted) {
      // What was updated and what is still rolling, read once after the cancel, within the grace.
      const now = await describeServiceStates(ecs, options.cluster, services, 3_000);
      for (const rollback of rollbacks) {
        rollback.left = now.get(rollback.service);
        runnerLog.warning(`${rollback.service} left cancelled: ${cancelNote(rollback)}`);
      }
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    publishOutputs(rollbackOutputs(rollbacks, seconds));
    await appendSummary(...rollbackSummary(rollbacks));
    if (!rollbacks.every(succeeded)) runnerLog.fail(failureMessage(rollbacks));
  });
}
