// bake-time in real time: a simulated wait shortened by the emulator's clock scale, and said so.
import { describe, expect, it } from '@jest/globals';
import { bakeInRealTime } from '../src/stories/simulated-time.js';

describe('bakeInRealTime', () => {
  it('shortens bake-time by the clock scale, to at least deploy-ecs minimum of 1s, and says so', () => {
    expect(bakeInRealTime({ 'bake-time': '2m', cluster: 'c' }, 100)).toEqual({
      inputs: { 'bake-time': '1.2s', cluster: 'c' },
      note: 'bake-time 2m of simulated time is 1.2s of real time at clock ×100 (deploy-ecs waits on the real clock)',
    });
    expect(bakeInRealTime({ 'bake-time': '1m' }, 400).inputs['bake-time']).toBe('1s');
    expect(bakeInRealTime({ 'bake-time': '1h' }, 20).inputs['bake-time']).toBe('3m00s');
  });

  it('leaves an absent or zero bake alone', () => {
    expect(bakeInRealTime({ cluster: 'c' }, 100)).toEqual({ inputs: { cluster: 'c' } });
    expect(bakeInRealTime({ 'bake-time': '0' }, 100)).toEqual({ inputs: { 'bake-time': '0' } });
    expect(bakeInRealTime({ 'bake-time': '0s' }, 100)).toEqual({ inputs: { 'bake-time': '0s' } });
  });
});
