// Image names and references: parsing, tags, digests, registry API bases.
import { describe, expect, it } from '@jest/globals';
import {
  ImageNameError,
  imageNameCredentials,
  inferRegistryType,
  isLoopbackHost,
  isValidTag,
  parseEcrHost,
  parseImageName,
  registryApiBase,
} from '../src/index.js';

describe('parseImageName refuses credentials without repeating them (issue #15: finding 4)', () => {
  it.each([
    ['https://user:RegPw789@registry.example.com/app', 'registry.example.com/app'],
    ['user:RegPw789@127.0.0.1:5000/shop/web', '127.0.0.1:5000/shop/web'],
    ['oci://RegPw789@ghcr.io/acme/app', 'ghcr.io/acme/app'],
  ])('%s', (text, suggested) => {
    const error = (() => {
      try {
        parseImageName(text);
      } catch (e) {
        return e as ImageNameError;
      }
      throw new Error('expected an ImageNameError');
    })();
    expect(error.problem).toMatch(
      /^carries credentials \(user:password@ before the registry host\), which are refused/,
    );
    expect(error.example).toBe(suggested);
    expect(`${error.problem} ${error.example}`).not.toContain('RegPw789');
    expect(imageNameCredentials(text)).toMatch(/RegPw789$/);
  });
  it('a digest is not user-info, and a URL without credentials is refused as a URL', () => {
    expect(imageNameCredentials(`app@sha256:${'a'.repeat(64)}`)).toBeUndefined();
    expect(() => parseImageName('https://ghcr.io/acme/app')).toThrow(
      /is a URL: give the image name without a scheme/,
    );
  });
});

describe('parseImageName', () => {
  it.each([
    [
      '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/app',
      '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com',
      'app',
    ],
    ['localhost:5000/app', 'localhost:5000', 'app'],
    ['127.0.0.1:5000/shop/web', '127.0.0.1:5000', 'shop/web'],
    ['ghcr.io/acme/shop/web-api', 'ghcr.io', 'acme/shop/web-api'],
    ['[::1]:5000/app', '[::1]:5000', 'app'],
    ['acme/app', 'docker.io', 'acme/app'],
    ['nginx', 'docker.io', 'library/nginx'],
    ['localhost/my_app__v2.x-y', 'localhost', 'my_app__v2.x-y'],
  ])('%s → host %s, repository %s', (text, host, repository) => {
    expect(parseImageName(` ${text} `)).toEqual({ name: text, host, repository });
  });

  it.each([
    ['', /is empty/],
    ['localhost:5000/app:v1', /has a tag \(:v1\): put tags in 'tags'/],
    ['app:latest', /has a tag/],
    [`localhost:5000/app@sha256:${'a'.repeat(64)}`, /has a digest/],
    ['ghcr.io/Acme/App', /repository "Acme\/App" has uppercase letters/],
    ['localhost:5000', /names a registry but no repository/],
    ['localhost:5000/', /names a registry but no repository/],
    ['ghcr.io/acme//app', /path component "" is not valid/],
    ['ghcr.io/acme/-app', /path component "-app" is not valid/],
    ['ghcr.io/acme/app.', /path component "app." is not valid/],
    ['my registry/app', /contains whitespace/],
    ['bad_host.io:99/app', /"bad_host.io:99" is not a valid registry host/],
    [`ghcr.io/${'a'.repeat(260)}`, /the limit is 255/],
  ])('rejects %j', (text, problem) => {
    expect(() => parseImageName(text)).toThrow(problem);
  });

  it('suggests the lowercase name for an uppercase repository', () => {
    const error = (() => {
      try {
        parseImageName('ghcr.io/Acme/App');
      } catch (e) {
        return e as ImageNameError;
      }
    })();
    expect(error).toBeInstanceOf(ImageNameError);
    expect(error?.example).toBe('ghcr.io/acme/app');
  });

  it('suggests the name without the tag', () => {
    expect(() => parseImageName('localhost:5000/app:v1')).toThrow(
      expect.objectContaining({ example: 'localhost:5000/app' }) as unknown as Error,
    );
  });
});

describe('tags', () => {
  it.each(['v1.2.3', 'latest', '3f2a9c1', 'pr-42', '_x', 'A.b-C_d', 'x'.repeat(128)])(
    '%s is a valid tag',
    (tag) => expect(isValidTag(tag)).toBe(true),
  );
  it.each(['', '-x', '.x', 'a/b', 'a:b', 'a b', 'x'.repeat(129), 'é'])('%j is not a valid tag', (tag) =>
    expect(isValidTag(tag)).toBe(false),
  );
});

describe('registries', () => {
  it('reads account and region from ECR hosts, including FIPS and China', () => {
    expect(parseEcrHost('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toEqual({
      accountId: '123456789012',
      region: 'eu-west-1',
    });
    expect(parseEcrHost('123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com')?.region).toBe(
      'us-gov-west-1',
    );
    expect(parseEcrHost('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn')?.region).toBe('cn-north-1');
    expect(parseEcrHost('public.ecr.aws')).toBeUndefined();
    expect(parseEcrHost('12345.dkr.ecr.eu-west-1.amazonaws.com')).toBeUndefined();
  });

  it('infers ecr for private ECR hosts and generic for the rest', () => {
    expect(inferRegistryType(parseImageName('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app'))).toBe('ecr');
    expect(inferRegistryType(parseImageName('public.ecr.aws/acme/app'))).toBe('generic');
    expect(inferRegistryType(parseImageName('localhost:5000/app'))).toBe('generic');
    expect(inferRegistryType(parseImageName('acme/app'))).toBe('generic');
  });

  it('talks plain HTTP only to loopback registries, and to Docker Hub at registry-1', () => {
    expect(['localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1:5000', 'ghcr.io', 'localhost.example.com'].some(isLoopbackHost)).toBe(false);
    expect(registryApiBase('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryApiBase('ghcr.io')).toBe('https://ghcr.io');
    expect(registryApiBase('docker.io')).toBe('https://registry-1.docker.io');
  });
});
