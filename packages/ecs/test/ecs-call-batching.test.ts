// The reads a look's judges share: DescribeServiceRevisions for the service deployments they are
// finding goes out once every judge that joined has asked or left, and a failed list does not hold
// the others up.
import { describe, expect, it } from '@jest/globals';
import type { ECSClient } from '@aws-sdk/client-ecs';
import { joinRevisionRead } from '../src/watch/service-revision-reader.js';

/** An ECSClient whose DescribeServiceRevisions answers every ARN asked for, recording each call. */
function fakeEcs(calls: string[][]): ECSClient {
  return {
    send: async (command: { input: { serviceRevisionArns: string[] } }) => {
      calls.push(command.input.serviceRevisionArns);
      return {
        serviceRevisions: command.input.serviceRevisionArns.map((arn) => ({
          serviceRevisionArn: arn,
          taskDefinition: `td-of-${arn}`,
        })),
      };
    },
  } as unknown as ECSClient;
}

const context = () => ({ deadline: Date.now() + 60_000 });

describe('joinRevisionRead', () => {
  it('reads the revisions of every judge of a turn in one call, once all have asked or left', async () => {
    const calls: string[][] = [];
    const ecs = fakeEcs(calls);
    const shared = context();
    const [a, b, c] = [
      joinRevisionRead(ecs, shared),
      joinRevisionRead(ecs, shared),
      joinRevisionRead(ecs, shared),
    ];
    const readA = a.read(['r1', 'r2']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toHaveLength(0); // b and c have not asked yet
    c.leave();
    const readB = b.read(['r2', 'r3']);
    const [ra, rb] = await Promise.all([readA, readB]);
    expect(calls).toEqual([['r1', 'r2', 'r3']]);
    expect(ra.get('r1')?.taskDefinition).toBe('td-of-r1');
    expect(rb.get('r3')?.taskDefinition).toBe('td-of-r3');
  });

  it('starts a new round for a later turn, and splits above 20 ARNs', async () => {
    const calls: string[][] = [];
    const ecs = fakeEcs(calls);
    const shared = context();
    await joinRevisionRead(ecs, shared).read(['x']);
    const many = Array.from({ length: 25 }, (_, i) => `m${i}`);
    const read = await joinRevisionRead(ecs, shared).read(many);
    expect(calls.map((c) => c.length)).toEqual([1, 20, 5]);
    expect(read.size).toBe(25);
  });
});
