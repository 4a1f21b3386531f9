// Inputs that depend on the runner's builder, checked right after detection and before any login,
// pull or build: multi-platform, build secrets and the gha cache need buildx.
import { describeBuilder, type Builder } from '@shipline/docker';
import { InputError, InputErrors } from '@shipline/toolkit';
import type { ActionInputs } from './inputs.js';

const SETUP = 'set up buildx first (docker/setup-buildx-action)';

export function checkBuilderSupport(
  inputs: Pick<ActionInputs, 'platforms' | 'secrets' | 'cache'>,
  builder: Builder,
) {
  const errors: InputError[] = [];
  const which = describeBuilder(builder);
  if (inputs.platforms.length > 1 && !builder.multiPlatform) {
    errors.push(
      new InputError(
        'platforms',
        `lists ${inputs.platforms.length} platforms, but this runner's builder (${which}) builds one platform at a time`,
        `${inputs.platforms[0]} (or ${SETUP} with a docker-container builder)`,
      ),
    );
  }
  if (inputs.secrets.size > 0 && !builder.secrets) {
    errors.push(
      new InputError(
        'secrets',
        `needs BuildKit secret mounts, which ${which} does not have`,
        `${SETUP}, or remove secrets`,
      ),
    );
  }
  if (inputs.cache === 'gha' && builder.kind === 'classic') {
    errors.push(
      new InputError(
        'cache',
        `is gha, which only buildx can read and write; this runner has ${which}`,
        `registry or local (or ${SETUP})`,
      ),
    );
  }
  if (errors.length > 0) throw new InputErrors(errors);
}
