// The emulator runs clockScale times faster than the real clock, but the bundled actions wait on
// the real one: a wait meant in the pipeline's own terms is shortened by the same factor.
import { formatDuration, parseDuration } from '@shipline/toolkit';
import type { Scalar } from '../workflow-runner/index.js';

/** deploy-ecs refuses a bake shorter than 1 s (other than 0). */
const MIN_BAKE_MS = 1_000;

/**
 * deploy-ecs's bake-time (reusable-deploy's `bake-time` input) in real time for an emulator at
 * `clockScale`: 2m at ×100 bakes 1.2 s of real time, as many simulated minutes as the pipeline
 * asks for. Returns the inputs to pass and a line saying what was done, if anything was.
 */
export function bakeInRealTime(
  inputs: Record<string, Scalar>,
  clockScale: number,
): { inputs: Record<string, Scalar>; note?: string } {
  const given = inputs['bake-time'];
  if (typeof given !== 'string' || given.trim() === '0' || given.trim() === '') return { inputs };
  // Blue-green, canary, linear: ECS bakes (bakeTimeInMinutes) on the emulator's own clock.
  if (['blue-green', 'canary', 'linear'].includes(String(inputs.strategy))) return { inputs };
  const simulated = parseDuration(given);
  if (simulated === 0) return { inputs };
  const real = Math.max(MIN_BAKE_MS, Math.round(simulated / clockScale / 100) * 100);
  const scaled = formatDuration(real).replace(' ', '');
  return {
    inputs: { ...inputs, 'bake-time': scaled },
    note: `bake-time ${given} of simulated time is ${scaled} of real time at clock ×${clockScale} (deploy-ecs waits on the real clock)`,
  };
}
