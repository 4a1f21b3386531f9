// ContinueServiceDeployment: resolves a PAUSE lifecycle hook that is AWAITING_ACTION, with CONTINUE
// (the deployment goes on to its next stage) or ROLLBACK (production and test traffic back to blue).
import { ApiError, invalidParameter } from '../errors.js';
import { oneOf, optionalString, requiredString } from '../params.js';
import type { Operation } from './context.js';

export const continueServiceDeployment: Operation = ({ world }, body) => {
  const arn = requiredString(body, 'serviceDeploymentArn');
  const hookId = requiredString(body, 'hookId');
  const action = oneOf(optionalString(body, 'action'), 'action', ['CONTINUE', 'ROLLBACK']) ?? 'CONTINUE';
  const record = world.state.serviceDeployments.get(arn);
  if (!record)
    throw new ApiError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
  const hook = record.trafficShift?.hooks.find((h) => h.hookId === hookId);
  if (!hook)
    throw invalidParameter(`The lifecycle hook ${hookId} does not exist in this service deployment.`);
  if (record.status !== 'IN_PROGRESS')
    throw invalidParameter(
      `The service deployment is ${record.status}; only an IN_PROGRESS one can be continued.`,
    );
  if (hook.targetType !== 'PAUSE' || hook.status !== 'AWAITING_ACTION')
    throw invalidParameter(
      `The lifecycle hook ${hookId} is a ${hook.targetType} hook in status ${hook.status}; only a PAUSE hook in AWAITING_ACTION can be continued.`,
    );
  const now = world.now();
  hook.status = 'SUCCEEDED';
  if (action === 'ROLLBACK')
    record.trafficShift!.rollbackReason =
      'Service deployment rolled back on request (ContinueServiceDeployment).';
  record.updatedAt = now;
  world.touch(world.state.services.get(`${record.clusterName}/${record.serviceName}`));
  return { serviceDeploymentArn: arn };
};
