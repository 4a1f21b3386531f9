// What the stories stand in for: the third-party actions that need GitHub's hosting (checkout, OIDC
// credentials, setup), and build-and-push when no docker daemon and registry are here.
import { createHash } from 'node:crypto';
import type { ActionStandIn, StandIn } from '../workflow-runner/index.js';
import type { LocalParts } from './local-parts.js';

/** Third-party actions the stories do not run, and what happens instead (said in the timeline). */
export function thirdPartyStandIns(parts: LocalParts): Record<string, StandIn> {
  return {
    'actions/checkout': { note: 'stood in: the rehearsal workspace is the checkout' },
    'aws-actions/configure-aws-credentials': {
      note: 'stood in: no OIDC here; AWS endpoints, region and test credentials point at the local ECS emulator',
      env: parts.emulator.env,
      // The role's name as the access key: the emulator's IAM check applies that role's policy.
      envFor: (inputs) => ({
        AWS_ACCESS_KEY_ID: (inputs['role-to-assume'] ?? '').replace(/^.*:role\//, '') || 'test',
        // deploy-ecs masks the secret key: the emulator's `test` would mask every "test" in the log
        // and outputs, the test listener's URL (/_lb-test/) included.
        AWS_SECRET_ACCESS_KEY: 'rehearsal-secret-key',
      }),
    },
    'actions/setup-node': { note: "stood in: this machine's Node is used" },
    'pnpm/action-setup': { note: "stood in: this machine's pnpm is used" },
    'actions/upload-artifact': { note: 'stood in: artifacts stay in the rehearsal workspace' },
    'actions/download-artifact': { note: 'stood in: artifacts are already in the rehearsal workspace' },
  };
}

/** With no registry here, build-and-push answers with a pre-set image instead of building one. */
export function ownActionStandIns(
  parts: LocalParts,
  image: string,
  sha: string,
): Record<string, ActionStandIn> {
  if (parts.registry) return {};
  const digest = `sha256:${createHash('sha256').update(sha).digest('hex')}`;
  return {
    'build-and-push': {
      note: `stood in: ${parts.noBuildReason}; the pre-set image ${image}@${digest} is deployed`,
      outputs: {
        image,
        digest,
        'image-ref': `${image}@${digest}`,
        tags: `${image}:sha-${sha.slice(0, 7)}`,
        skipped: 'false',
      },
    },
  };
}
