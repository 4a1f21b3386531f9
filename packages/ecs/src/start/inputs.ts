// Reading the actions' ECS inputs (cluster, services, revisions, images, environment) and the region.
import { InputError, quoteValue, readList, readMap, readString } from '@shipline/toolkit';

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ARN_PREFIX = 'arn:aws(?:-[a-z]+)*:ecs:[a-z0-9-]+:\\d{12}:';
const CLUSTER = new RegExp(`^(?:[A-Za-z0-9_-]{1,255}|${ARN_PREFIX}cluster/[A-Za-z0-9_-]{1,255})$`);
export const SERVICE = new RegExp(
  `^(?:[A-Za-z0-9_-]{1,255}|${ARN_PREFIX}service/(?:[A-Za-z0-9_-]+/)?[A-Za-z0-9_-]{1,255})$`,
);
const REVISION = new RegExp(`^(?:${ARN_PREFIX}task-definition/)?[A-Za-z0-9_-]{1,255}:[1-9]\\d*$`);

/** `cluster`: a cluster name or ARN; default `default`, as ECS's own. */
export function readCluster(name = 'cluster'): string {
  return readString(name, {
    default: 'default',
    pattern: CLUSTER,
    patternHint: 'a cluster name (letters, digits, hyphens, underscores) or a cluster ARN',
    example: 'production',
  });
}

/** One or more service names or ARNs, comma or newline separated, no repeats. */
export function readServices(name = 'service'): string[] {
  const services = readList(name, {
    required: true,
    item: SERVICE,
    itemHint: 'a service name (letters, digits, hyphens, underscores) or a service ARN',
    example: 'web, worker',
  });
  const repeated = services.find((s, i) => services.indexOf(s) !== i);
  if (repeated) throw new InputError(name, `names '${repeated}' twice`, 'web, worker');
  return services;
}

/** Exactly one service name or ARN. */
export function readService(name = 'service'): string {
  return readString(name, {
    required: true,
    pattern: SERVICE,
    patternHint: 'one service name (letters, digits, hyphens, underscores) or a service ARN',
    example: 'web',
  });
}

/** A task-definition revision: `family:revision` or its full ARN. */
export function readTaskDefinitionRevision(name: string): string | undefined {
  return readString(name, {
    pattern: REVISION,
    patternHint: 'family:revision or a task-definition ARN ending in family:revision',
    example: 'web:42 or arn:aws:ecs:eu-west-1:123456789012:task-definition/web:42',
  });
}

export function readFamily(name: string): string | undefined {
  return readString(name, {
    pattern: NAME,
    patternHint: 'a task-definition family: 1-255 letters, digits, hyphens or underscores, no revision',
    example: 'web',
  });
}

/**
 * The region the SDK will use, read before any call: without one the SDK fails only at the
 * first request, which would be after inputs were accepted.
 */
export function requireAwsRegion(env: NodeJS.ProcessEnv = process.env): string {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new Error(
      'No AWS region is set: set AWS_REGION (aws-actions/configure-aws-credentials does) before this step; nothing was changed.',
    );
  }
  return region;
}

const CONTAINER = /^[A-Za-z0-9_-]{1,255}$/;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE = new RegExp(
  `^(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

/** `container-images`: one `container=image` per line. */
export function readContainerImages(name = 'container-images'): Map<string, string> | undefined {
  const images = readMap(name, {
    key: CONTAINER,
    keyHint: 'a container name',
    example: 'app=123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:<64 hex digits>',
  });
  for (const [container, image] of images ?? []) {
    if (!IMAGE.test(image)) {
      throw new InputError(
        name,
        `gives container '${container}' the image ${quoteValue(image)}, which is not an image reference`,
        'app=registry.example.com/team/app:1.4.2',
      );
    }
  }
  return images;
}

/**
 * `container-env`: one `container:KEY=VALUE` per line; the value may be empty (ECS accepts it).
 * Values are never echoed in errors: they may hold settings that should stay out of logs.
 */
export function readContainerEnvironment(
  name = 'container-env',
): Map<string, Map<string, string>> | undefined {
  const lines = readMap(name, {
    secret: true,
    key: /^[A-Za-z0-9_-]{1,255}:[A-Za-z_][A-Za-z0-9_]*$/,
    keyHint: 'container:KEY=VALUE: a container name, a colon and a variable name of letters, digits and _',
    example: 'app:LOG_LEVEL=debug (one per line)',
  });
  if (!lines) return undefined;
  const byContainer = new Map<string, Map<string, string>>();
  for (const [key, value] of lines) {
    const [container, variable] = key.split(':') as [string, string];
    byContainer.set(
      container,
      (byContainer.get(container) ?? new Map<string, string>()).set(variable, value),
    );
  }
  return byContainer;
}
