// The readers behind inputs.ts that need more than a toolkit reader: image names, tag templates,
// the default Dockerfile, build secrets (masked at once), credentials and the ECR region.
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import {
  ImageNameError,
  imageNameCredentials,
  parseEcrHost,
  parseImageName,
  resolveTags,
  TagTemplateError,
  type GitContext,
  type ImageName,
  type RegistryType,
  type ResolvedTags,
} from '@shipline/docker';
import { InputError, maskSecret, readMap, readString, readWorkspacePath } from '@shipline/toolkit';

export const workspace = () => path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
const IMAGE_EXAMPLE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app';

export function readImage(): ImageName {
  // Credentials written into the name are masked before any message can quote it; parsing refuses them.
  const credentials = imageNameCredentials(core.getInput('image'));
  if (credentials !== undefined) maskSecret(credentials.slice(credentials.indexOf(':') + 1));
  const text = readString('image', { required: true, example: IMAGE_EXAMPLE });
  try {
    return parseImageName(text);
  } catch (error) {
    if (error instanceof ImageNameError) throw new InputError('image', error.problem, error.example);
    throw error;
  }
}

export function readTags(git: GitContext): ResolvedTags {
  const lines = core.getInput('tags').split(/[\n,]/);
  try {
    return resolveTags(lines, git);
  } catch (error) {
    if (error instanceof TagTemplateError) throw new InputError('tags', error.problem, error.example);
    throw error;
  }
}

export function readDockerfile(context: string | undefined): string {
  const given = readWorkspacePath('dockerfile', { mustExist: 'file', example: 'docker/app.Dockerfile' });
  if (given !== undefined || context === undefined) return given as string;
  const fallback = path.join(context, 'Dockerfile');
  if (!fs.existsSync(fallback) || !fs.statSync(fallback).isFile()) {
    const shown = path.relative(workspace(), fallback);
    throw new InputError(
      'dockerfile',
      `was not given and the context has no Dockerfile (${shown})`,
      'docker/app.Dockerfile',
    );
  }
  return fallback;
}

export function readSecretMap(): Map<string, string> {
  const map = readMap('secrets', {
    secret: true,
    key: /^[A-Za-z0-9_.-]+$/,
    keyHint: "an id of letters, digits, '_', '.' and '-'",
    example: 'npm_token=${{ secrets.NPM_TOKEN }}',
  });
  map?.forEach((value) => maskSecret(value));
  return map ?? new Map();
}

/** Both or neither, and only for a generic registry. */
export function checkCredentials(
  registryType: RegistryType | undefined,
  username?: string,
  password?: string,
) {
  if (username === undefined && password === undefined) return;
  if (registryType === 'ecr' || registryType === 'none') {
    const why =
      registryType === 'ecr'
        ? 'ECR logins come from GetAuthorizationToken with the AWS credentials'
        : 'registry-type none makes no login';
    throw new InputError(
      username !== undefined ? 'username' : 'password',
      `is not used with registry-type ${registryType}: ${why}`,
      'remove username and password, or set registry-type: generic',
    );
  }
  if (username === undefined)
    throw new InputError('username', 'is missing: password was given without it', 'ci-bot');
  if (password === undefined)
    throw new InputError(
      'password',
      'is missing: username was given without it',
      '${{ secrets.REGISTRY_PASSWORD }}',
    );
}

export function ecrRegion(image: ImageName): string {
  const region = parseEcrHost(image.host)?.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new InputError(
      'registry-type',
      `is ecr, but the image host ${image.host} names no region and AWS_REGION is not set`,
      'set AWS_REGION (aws-actions/configure-aws-credentials does)',
    );
  }
  return region;
}
