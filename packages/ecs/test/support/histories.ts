// Deployment histories for the property tests: one to three services of one cluster, each starting
// on a healthy revision, and a sequence of steps drawn from what happens to services in real life.
import fc from 'fast-check';

/** What an image does, by its tag (see SCENARIOS): `good-*` is healthy, the others are not. */
export type ImageKind = 'good' | 'crash' | 'sick';

export type Step =
  /** deploy-ecs of one image to some of the services (one task definition for all of them). */
  | {
      kind: 'deploy';
      services: number[];
      image: ImageKind;
      rollbackOnFailure: boolean;
      /** bake-time in simulated seconds (0 = none). */
      bakeSeconds: number;
    }
  /** The rollback action with `to: previous`. */
  | { kind: 'rollback'; service: number }
  /** A deploy whose rollout never finishes, superseded by a second deploy-ecs run mid-rollout. */
  | { kind: 'supersede'; service: number }
  /** A deploy whose rollout never finishes, stopped by StopServiceDeployment(ROLLBACK) from outside. */
  | { kind: 'stop'; service: number; rollbackOnFailure: boolean }
  /** A deploy whose rollout never finishes, until deploy-ecs's own timeout. */
  | { kind: 'timeout'; service: number }
  /** deploy-ecs of a healthy image, cancelled (SIGINT) mid-rollout, with on-cancel as given. */
  | { kind: 'cancel'; service: number; onCancel: 'rollback' | 'leave' }
  /** deploy-ecs of the image the service last served with, again. */
  | { kind: 'redeploy'; service: number };

export interface History {
  /** Per service: does ECS's circuit breaker roll back (it is always enabled)? */
  breakerRollback: boolean[];
  /** Per service; 2 when absent. */
  desiredCounts?: number[];
  steps: Step[];
}

export const CLUSTER = 'hist';

/** Simulated seconds a `sick-*` task stays healthy: long after its rollout is COMPLETED. */
export const SICK_AFTER_SECONDS = 120;

/** Images map to behaviours through the emulator's scenario table. */
export const SCENARIOS = [
  { image: '*:crash-*', behaviour: 'crash-on-start' as const, exitCode: 137 },
  { image: '*:sick-*', unhealthyAfter: SICK_AFTER_SECONDS },
  { image: '*:stuck-*', slowStart: 10_000_000 },
];

export interface HistoryShape {
  maxSteps: number;
  /** Bake times (simulated seconds) a deploy may draw; [0] until deploy-ecs has bake-time. */
  bakeSeconds: number[];
}

export function historyArbitrary(shape: HistoryShape): fc.Arbitrary<History> {
  return fc.integer({ min: 1, max: 3 }).chain((count) =>
    fc.record({
      breakerRollback: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
      desiredCounts: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: count, maxLength: count }),
      steps: fc.array(stepArbitrary(count, shape), { minLength: 1, maxLength: shape.maxSteps }),
    }),
  );
}

function stepArbitrary(count: number, shape: HistoryShape): fc.Arbitrary<Step> {
  const service = fc.integer({ min: 0, max: count - 1 });
  const indexes = Array.from({ length: count }, (_, i) => i);
  const deploy = fc.record({
    kind: fc.constant('deploy' as const),
    services: fc.subarray(indexes, { minLength: 1 }),
    image: fc.constantFrom<ImageKind>('good', 'crash', 'sick'),
    rollbackOnFailure: fc.boolean(),
    bakeSeconds: fc.constantFrom(...shape.bakeSeconds),
  });
  return fc.oneof(
    { arbitrary: deploy, weight: 5 },
    { arbitrary: fc.record({ kind: fc.constant('rollback' as const), service }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('supersede' as const), service }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('stop' as const),
        service,
        rollbackOnFailure: fc.boolean(),
      }),
      weight: 1,
    },
    { arbitrary: fc.record({ kind: fc.constant('timeout' as const), service }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('redeploy' as const), service }), weight: 1 },
    {
      arbitrary: fc.record({
        kind: fc.constant('cancel' as const),
        service,
        onCancel: fc.constantFrom<'rollback' | 'leave'>('rollback', 'leave'),
      }),
      weight: 1,
    },
  );
}

/** One line per step, for failure messages and the regression examples. */
export function describeHistory(history: History): string {
  const services = history.breakerRollback
    .map(
      (rollback, i) =>
        `s${i}(breaker rollback ${rollback ? 'on' : 'off'}, desired ${history.desiredCounts?.[i] ?? 2})`,
    )
    .join(', ');
  const steps = history.steps.map((step, i) => `  ${i + 1}. ${JSON.stringify(step)}`);
  return [`services: ${services}`, ...steps].join('\n');
}
