// judgeDeployment: what one DescribeServices answer says about the deployment we follow.
import { describe, expect, it } from '@jest/globals';
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { judgeDeployment } from '../src/index.js';

const td = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`;
const deployment = (over: Partial<Deployment>): Deployment => ({
  id: 'ecs-svc/new',
  status: 'PRIMARY',
  taskDefinition: td(2),
  desiredCount: 2,
  runningCount: 2,
  rolloutState: 'IN_PROGRESS',
  ...over,
});
const service = (deployments: Deployment[], status = 'ACTIVE'): Service => ({ status, deployments });
const followed = { deploymentId: 'ecs-svc/new', previousTaskDefinitionArn: td(1) };
const old = deployment({
  id: 'ecs-svc/old',
  status: 'ACTIVE',
  taskDefinition: td(1),
  rolloutState: 'COMPLETED',
});

describe('judgeDeployment', () => {
  it('is completed only when ours is PRIMARY, COMPLETED, fully running and alone in serving', () => {
    expect(judgeDeployment(service([deployment({ rolloutState: 'COMPLETED' })]), followed).state).toBe(
      'completed',
    );
    expect(
      judgeDeployment(
        service([deployment({ rolloutState: 'COMPLETED' }), { ...old, runningCount: 1 }]),
        followed,
      ).state,
    ).toBe('in-progress');
    expect(
      judgeDeployment(service([deployment({ rolloutState: 'COMPLETED', runningCount: 1 })]), followed).state,
    ).toBe('in-progress');
    expect(judgeDeployment(service([deployment({}), old]), followed).state).toBe('in-progress');
  });

  it('reports FAILED with ECS reason', () => {
    const verdict = judgeDeployment(
      service([
        deployment({
          rolloutState: 'FAILED',
          rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
        }),
      ]),
      followed,
    );
    expect(verdict).toMatchObject({
      state: 'failed',
      reason: 'ECS deployment circuit breaker: tasks failed to start.',
    });
  });

  it('calls a vanished deployment with the old task definition PRIMARY a rollback, not a success', () => {
    const rollback = deployment({ id: 'ecs-svc/rollback', taskDefinition: td(1), rolloutState: 'COMPLETED' });
    expect(judgeDeployment(service([rollback]), followed)).toMatchObject({
      state: 'rolled-back',
      reason:
        'deployment ecs-svc/new is no longer on the service: ECS rolled back to web:1 (ecs-svc/rollback)',
    });
    expect(judgeDeployment(service([rollback, deployment({ status: 'ACTIVE' })]), followed).state).toBe(
      'rolled-back',
    );
  });

  it('calls a deployment replaced by someone else superseded', () => {
    const other = deployment({ id: 'ecs-svc/other', taskDefinition: td(3) });
    expect(judgeDeployment(service([other, deployment({ status: 'ACTIVE' })]), followed)).toMatchObject({
      state: 'superseded',
      reason: 'deployment ecs-svc/new is no longer PRIMARY: deployment ecs-svc/other of web:3 replaced it',
    });
  });

  it('notices a service that is draining or gone', () => {
    expect(judgeDeployment(service([deployment({})], 'DRAINING'), followed)).toMatchObject({
      state: 'service-inactive',
      reason: 'the service is DRAINING, no longer ACTIVE',
    });
    expect(judgeDeployment(undefined, followed).state).toBe('service-inactive');
  });

  it('accepts a single deployment without rolloutState once it runs everything', () => {
    expect(judgeDeployment(service([deployment({ rolloutState: undefined })]), followed).state).toBe(
      'completed',
    );
  });
});
