// The registry side against a real docker-registry (htpasswd auth) and the ECS emulator's ECR
// calls pointing at it. No docker daemon needed: images are uploaded over the HTTP API.
import { ECRClient } from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { FakeClock } from '@shipline/toolkit';
import { collectingLog } from '@shipline/toolkit/testing';
import {
  ecrApi,
  findExistingImage,
  imageSize,
  parseImageName,
  pointTags,
  RegistryClient,
  resolveRegistryAccess,
} from '../src/index.js';
import {
  describeWithDocker,
  startRegistry,
  uploadImage,
  uploadIndex,
  type TestRegistry,
} from '@shipline/local-services/testing';
import { startEmulator, type EmulatorHandle } from '@shipline/ecs-emulator';

let registry: TestRegistry;
let emulator: EmulatorHandle;
let ecrClient: ECRClient;

describeWithDocker(
  'registry API and ECR against a real docker-registry',
  () => {
    beforeAll(async () => {
      registry = await startRegistry();
      emulator = await startEmulator({
        port: 0,
        registry: { url: registry.url, username: registry.username, password: registry.password },
      });
      ecrClient = new ECRClient({
        endpoint: emulator.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
    });
    afterAll(async () => {
      ecrClient.destroy();
      await emulator.close();
      await registry.stop();
    });

    const api = (password = registry.password) =>
      new RegistryClient({
        baseUrl: registry.url,
        credentials: { username: registry.username, password },
        clock: new FakeClock(),
      });

    it('finds a pushed manifest by tag and digest, with the digest the registry stores', async () => {
      const image = await uploadImage(registry, 'shop/web', ['abc', 'main']);
      expect(await api().findManifest('shop/web', 'abc')).toEqual({ digest: image.digest });
      expect(await api().findManifest('shop/web', image.digest)).toEqual({ digest: image.digest });
      expect(await api().findManifest('shop/web', 'nope')).toBeUndefined();
      expect(await api().findManifest('shop/never-pushed', 'abc')).toBeUndefined();
      const manifest = await api().getManifest('shop/web', 'main');
      expect(manifest.digest).toBe(image.digest);
      expect(manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    });

    it('refuses a wrong password clearly', async () => {
      await expect(api('wrong').findManifest('shop/web', 'abc')).rejects.toThrow(
        /the registry refused the credentials/,
      );
    });

    it('sums the size of an image, and of an index without its attestation entry', async () => {
      const amd = await uploadImage(registry, 'multi/app', ['amd'], 1000);
      const arm = await uploadImage(registry, 'multi/app', ['arm'], 3000);
      expect(await imageSize(api(), 'multi/app', amd.digest)).toEqual({ bytes: amd.bytes, platforms: 1 });
      const index = await uploadIndex(registry, 'multi/app', 'v1', [
        { digest: amd.digest, architecture: 'amd64' },
        { digest: arm.digest, architecture: 'arm64' },
      ]);
      expect(await imageSize(api(), 'multi/app', index)).toEqual({
        bytes: amd.bytes + arm.bytes,
        platforms: 2,
      });
      expect(await imageSize(api('wrong'), 'multi/app', index)).toBeUndefined();
    });

    it('points other tags at an existing image without moving any blob, leaving correct ones alone', async () => {
      const image = await uploadImage(registry, 'retag/app', ['sha1', 'stable']);
      await uploadImage(registry, 'retag/app', ['develop']);
      const log = collectingLog();
      const access = await resolveRegistryAccess({
        image: parseImageName(`${registry.host}/retag/app`),
        registryType: 'generic',
        credentials: { username: registry.username, password: registry.password },
        retries: 1,
        log,
      });
      expect(access.login).toEqual({
        server: registry.host,
        username: registry.username,
        password: registry.password,
      });
      const result = await pointTags(access, parseImageName(`${registry.host}/retag/app`), image.digest, [
        'stable',
        'develop',
        'new',
      ]);
      expect(result).toEqual({ moved: ['develop', 'new'], unchanged: ['stable'] });
      expect(await api().findManifest('retag/app', 'develop')).toEqual({ digest: image.digest });
      expect(await api().findManifest('retag/app', 'new')).toEqual({ digest: image.digest });
    });

    it('ECR: GetAuthorizationToken gives the login for the registry, masked on arrival', async () => {
      const masked: string[] = [];
      const auth = await ecrApi(ecrClient, (v) => masked.push(v)).authorize();
      expect(auth).toMatchObject({
        username: registry.username,
        password: registry.password,
        endpoint: registry.url,
      });
      expect(masked).toEqual([
        Buffer.from(`${registry.username}:${registry.password}`).toString('base64'),
        registry.password,
      ]);
    });

    it('ECR: the access uses the token for docker login and the registry API, and finds images by DescribeImages', async () => {
      const image = await uploadImage(registry, 'ecr/app', ['abc']);
      const name = parseImageName(`${registry.host}/ecr/app`);
      const log = collectingLog();
      const access = await resolveRegistryAccess({
        image: name,
        registryType: 'ecr',
        ecr: ecrApi(ecrClient, () => undefined),
        retries: 1,
        log,
      });
      expect(access.login).toEqual({
        server: registry.host,
        username: registry.username,
        password: registry.password,
      });
      expect(log.warnings).toEqual([]);
      const before = emulator.requestCount('DescribeImages');
      expect(await findExistingImage(access, name, 'abc')).toEqual({ digest: image.digest });
      expect(await findExistingImage(access, name, 'missing')).toBeUndefined();
      expect(
        await findExistingImage(access, parseImageName(`${registry.host}/ecr/none`), 'abc'),
      ).toBeUndefined();
      expect(emulator.requestCount('DescribeImages')).toBe(before + 3);
      expect(await access.api.findManifest('ecr/app', 'abc')).toEqual({ digest: image.digest });
    });

    it('ECR: a refused GetAuthorizationToken says what to check', async () => {
      emulator.setFaults([{ operation: 'GetAuthorizationToken', type: 'access-denied' }]);
      try {
        await expect(ecrApi(ecrClient, () => undefined).authorize()).rejects.toThrow(
          /^ECR GetAuthorizationToken failed \(AccessDeniedException: .*\): check the AWS credentials, the region and the ecr:GetAuthorizationToken permission$/,
        );
      } finally {
        emulator.setFaults([]);
      }
    });

    it('ECR: warns when the token is for another host than the image', async () => {
      const log = collectingLog();
      await resolveRegistryAccess({
        image: parseImageName('123456789012.dkr.ecr.us-east-1.amazonaws.com/app'),
        registryType: 'ecr',
        ecr: ecrApi(ecrClient, () => undefined),
        retries: 1,
        log,
      });
      expect(log.warnings[0]).toMatch(
        /ECR handed out a login for 127\.0\.0\.1:\d+, but the image is on 123456789012\.dkr\.ecr/,
      );
    });
  },
  { daemon: false },
);
