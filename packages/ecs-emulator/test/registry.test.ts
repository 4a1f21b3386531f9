import { DescribeImagesCommand, ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { DescribeTasksCommand, ListTasksCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EmulatorHandle } from '../src/index.js';
import {
  createAppService,
  describeService,
  ecsClient,
  startTestEmulator,
  waitFor,
  waitForSteady,
} from '../src/testing.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const REPOS: Record<string, Record<string, string>> = { 'shop/web': { '1.0.0': DIGEST, latest: DIGEST } };
const AUTH = `Basic ${Buffer.from('ci:s3cret').toString('base64')}`;

/** A tiny registry (HTTP API v2): manifests by tag, tags/list, basic auth, distribution's error codes. */
function fakeRegistry(seen: IncomingHttpHeaders[]): Server {
  return createServer((req, res) => {
    seen.push(req.headers);
    const error = (status: number, code: string) => {
      const body = JSON.stringify({ errors: [{ code, message: code.toLowerCase().replace('_', ' ') }] });
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.headers.authorization !== AUTH) return error(401, 'UNAUTHORIZED');
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(req.url ?? '');
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(req.url ?? '');
    const repo = REPOS[(manifest ?? tags)?.[1] ?? ''];
    if (!repo) return error(404, 'NAME_UNKNOWN');
    if (tags) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ name: tags[1], tags: Object.keys(repo) }));
    }
    const digest = repo[decodeURIComponent(manifest![2]!)];
    if (!digest) return error(404, 'MANIFEST_UNKNOWN');
    res.writeHead(200, {
      'docker-content-digest': digest,
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
      'content-length': '528',
    });
    res.end(req.method === 'HEAD' ? undefined : '{}'.padEnd(528));
  });
}

let registry: Server;
let registryUrl: string;
let registryHost: string;
const seen: IncomingHttpHeaders[] = [];
let emulator: EmulatorHandle;
let ecr: ECRClient;
let ecs: ECSClient;

beforeAll(async () => {
  registry = fakeRegistry(seen);
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryHost = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
  registryUrl = `http://${registryHost}`;
  emulator = await startTestEmulator({ registry: { url: registryUrl, username: 'ci', password: 's3cret' } });
  ecr = new ECRClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  ecs = ecsClient(emulator);
});
afterAll(async () => {
  await emulator.close();
  registry.closeAllConnections();
  await new Promise((resolve) => registry.close(resolve));
});

describe('ECR subset', () => {
  it('GetAuthorizationToken hands out the local registry credentials', async () => {
    const { authorizationData } = await ecr.send(new GetAuthorizationTokenCommand({}));
    const [data] = authorizationData!;
    expect(Buffer.from(data!.authorizationToken!, 'base64').toString()).toBe('ci:s3cret');
    expect(data!.proxyEndpoint).toBe(registryUrl);
    expect(data!.expiresAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('DescribeImages asks the registry for the tag and returns its digest', async () => {
    const result = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'shop/web', imageIds: [{ imageTag: '1.0.0' }] }),
    );
    expect(result.imageDetails).toEqual([
      expect.objectContaining({
        repositoryName: 'shop/web',
        imageDigest: DIGEST,
        imageTags: ['1.0.0'],
        imageManifestMediaType: 'application/vnd.oci.image.manifest.v1+json',
      }),
    ]);
    const head = seen.find((headers) => headers.accept?.includes('manifest'));
    expect(head?.accept).toContain('application/vnd.docker.distribution.manifest.v2+json');
    expect(head?.accept).toContain('application/vnd.oci.image.manifest.v1+json');
    const all = await ecr.send(new DescribeImagesCommand({ repositoryName: 'shop/web' }));
    expect(all.imageDetails).toEqual([
      expect.objectContaining({ imageDigest: DIGEST, imageTags: ['1.0.0', 'latest'] }),
    ]);
  });

  it('raises ImageNotFoundException and RepositoryNotFoundException like ECR', async () => {
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'shop/web', imageIds: [{ imageTag: 'nope' }] })),
    ).rejects.toMatchObject({ name: 'ImageNotFoundException' });
    await expect(
      ecr.send(new DescribeImagesCommand({ repositoryName: 'shop/ghost', imageIds: [{ imageTag: '1' }] })),
    ).rejects.toMatchObject({ name: 'RepositoryNotFoundException' });
  });

  it('explains that ECR needs a configured registry', async () => {
    const bare = await startTestEmulator();
    try {
      const client = new ECRClient({
        endpoint: bare.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      await expect(client.send(new GetAuthorizationTokenCommand({}))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringContaining('--registry'),
      });
    } finally {
      await bare.close();
    }
  });
});

describe('image pulls against the configured registry', () => {
  it('runs an image the registry has (also under an ECR host name)', async () => {
    await createAppService(ecs, {
      service: 'present',
      image: `${registryHost}/shop/web:1.0.0`,
      desiredCount: 1,
    });
    await createAppService(ecs, {
      service: 'ecr-named',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.0.0',
      desiredCount: 1,
    });
    await waitForSteady(ecs, 'present');
    await waitForSteady(ecs, 'ecr-named');
  });

  it('fails a task whose image is missing with CannotPullContainerError', async () => {
    const image = `${registryHost}/shop/web:2.0.0`;
    await createAppService(ecs, { service: 'missing', image, desiredCount: 1 });
    const arns = await waitFor('a stopped task', async () => {
      const list = await ecs.send(
        new ListTasksCommand({ cluster: 'apps', serviceName: 'missing', desiredStatus: 'STOPPED' }),
      );
      return list.taskArns!.length > 0 ? list.taskArns! : undefined;
    });
    const [task] = (await ecs.send(new DescribeTasksCommand({ cluster: 'apps', tasks: arns }))).tasks!;
    expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(task!.stoppedReason).toMatch(/^CannotPullContainerError: .*shop\/web:2\.0\.0: not found$/);
    expect(task!.containers![0]!.reason).toBe(task!.stoppedReason);
    expect(task!.startedAt).toBeUndefined();
    const service = await describeService(ecs, 'missing');
    expect(service.deployments![0]!.failedTasks).toBeGreaterThanOrEqual(1);
    expect(service.runningCount).toBe(0);
  });
});
