// The two ECR calls the action needs: GetAuthorizationToken (a docker login for 12 hours) and
// DescribeImages (does the sha tag exist already?).
import {
  DescribeImagesCommand,
  GetAuthorizationTokenCommand,
  type ECRClient,
  type DescribeImagesCommandOutput,
  type GetAuthorizationTokenCommandOutput,
} from '@aws-sdk/client-ecr';
import { maskSecret } from '@shipline/toolkit';

export interface EcrAuthorization {
  username: string;
  password: string;
  /** The registry URL to log in to (proxyEndpoint), e.g. https://123.dkr.ecr.eu-west-1.amazonaws.com */
  endpoint: string;
  expiresAt?: Date;
}

export type EcrImageLookup =
  { exists: true; digest: string; sizeBytes?: number } | { exists: false; repositoryMissing: boolean };

export interface EcrApi {
  authorize(registryId?: string): Promise<EcrAuthorization>;
  findImage(repository: string, tag: string, registryId?: string): Promise<EcrImageLookup>;
}

export class EcrError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EcrError';
  }
}

type Send = Pick<ECRClient, 'send'>;
const describe = (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`;

/** ECR through the SDK client; the token and the password in it are masked the moment they arrive. */
export function ecrApi(client: Send, mask: (value: string) => void = (value) => maskSecret(value)): EcrApi {
  return {
    async authorize(registryId) {
      let output: GetAuthorizationTokenCommandOutput;
      try {
        output = await client.send(
          new GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {}),
        );
      } catch (error) {
        throw new EcrError(
          `ECR GetAuthorizationToken failed (${describe(error)}): check the AWS credentials, the region ` +
            'and the ecr:GetAuthorizationToken permission',
        );
      }
      const data = output.authorizationData?.[0];
      const token = data?.authorizationToken;
      if (!token || !data?.proxyEndpoint) {
        throw new EcrError('ECR GetAuthorizationToken answered without a token or proxy endpoint');
      }
      mask(token);
      const decoded = Buffer.from(token, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon <= 0)
        throw new EcrError('ECR GetAuthorizationToken answered with a token that is not user:password');
      const password = decoded.slice(colon + 1);
      mask(password);
      return {
        username: decoded.slice(0, colon),
        password,
        endpoint: data.proxyEndpoint,
        ...(data.expiresAt ? { expiresAt: data.expiresAt } : {}),
      };
    },

    async findImage(repository, tag, registryId) {
      let output: DescribeImagesCommandOutput;
      try {
        output = await client.send(
          new DescribeImagesCommand({
            repositoryName: repository,
            imageIds: [{ imageTag: tag }],
            ...(registryId ? { registryId } : {}),
          }),
        );
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'ImageNotFoundException') return { exists: false, repositoryMissing: false };
        if (name === 'RepositoryNotFoundException') return { exists: false, repositoryMissing: true };
        throw new EcrError(`ECR DescribeImages for ${repository}:${tag} failed (${describe(error)})`);
      }
      const detail = output.imageDetails?.find((d) => d.imageTags?.includes(tag)) ?? output.imageDetails?.[0];
      if (!detail?.imageDigest) return { exists: false, repositoryMissing: false };
      return {
        exists: true,
        digest: detail.imageDigest,
        ...(detail.imageSizeInBytes === undefined ? {} : { sizeBytes: detail.imageSizeInBytes }),
      };
    },
  };
}
