// Reads and validates the rollback inputs: cluster, services, target, wait and timeout.
import { readCluster, readServices, readTaskDefinitionRevision } from '@shipline/ecs';
import { InputError, readBoolean, readDuration, readInputs, readString } from '@shipline/toolkit';

export function readRollbackOptions() {
  const options = readInputs({
    cluster: () => readCluster(),
    services: () => readServices(),
    to: () => readTarget(),
    wait: () => readBoolean('wait', { default: true }),
    timeoutMs: () =>
      readDuration('timeout', { default: 15 * 60_000, minMs: 10_000, maxMs: 6 * 3_600_000, example: '15m' }),
  });
  if (options.services.length > 1 && options.to !== 'previous') {
    // Services of one deploy may have run different revisions before it: each goes back to its own.
    throw new InputError(
      'to',
      `names one task definition, but ${options.services.length} services were given; with several services use previous, which returns each to its own last successful task definition`,
      'previous',
    );
  }
  return options;
}

function readTarget(): string {
  const text = readString('to', { default: 'previous' });
  if (text.toLowerCase() === 'previous') return 'previous';
  const revision = readTaskDefinitionRevision('to');
  if (!revision) throw new InputError('to', 'is empty', 'previous');
  return revision;
}
