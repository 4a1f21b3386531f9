// Credentials stored by an earlier docker login, read from the docker config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { dockerConfigPath, storedCredentials, type Exec } from '../src/index.js';

const dirs: string[] = [];
function configDir(config: unknown): NodeJS.ProcessEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-config-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return { DOCKER_CONFIG: dir };
}
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const noExec: Exec = async () => {
  throw new Error('no helper expected');
};
const auth = (user: string, pass: string) => Buffer.from(`${user}:${pass}`).toString('base64');

describe('credentials an earlier docker login stored', () => {
  it('reads auths by host, by URL, and Docker Hub under its v1 key', async () => {
    const env = configDir({
      auths: {
        '127.0.0.1:5000': { auth: auth('ci', 'pw:with:colons') },
        'https://ghcr.io': { auth: auth('bot', 'ghp_x') },
        'https://index.docker.io/v1/': { auth: auth('hub', 'dckr_x') },
      },
    });
    expect(await storedCredentials('127.0.0.1:5000', noExec, env)).toEqual({
      username: 'ci',
      password: 'pw:with:colons',
    });
    expect(await storedCredentials('ghcr.io', noExec, env)).toEqual({ username: 'bot', password: 'ghp_x' });
    expect(await storedCredentials('docker.io', noExec, env)).toEqual({
      username: 'hub',
      password: 'dckr_x',
    });
    expect(await storedCredentials('quay.io', noExec, env)).toBeUndefined();
  });

  it('asks the credential helper for the host when one is configured', async () => {
    const env = configDir({ credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' } });
    const asked: string[] = [];
    const exec: Exec = async (command, _args, options) => {
      asked.push(`${command} <${options?.input}>`);
      return { exitCode: 0, stdout: '{"Username":"AWS","Secret":"token-1"}', stderr: '' };
    };
    expect(await storedCredentials('123456789012.dkr.ecr.eu-west-1.amazonaws.com', exec, env)).toEqual({
      username: 'AWS',
      password: 'token-1',
    });
    expect(asked).toEqual(['docker-credential-ecr-login <123456789012.dkr.ecr.eu-west-1.amazonaws.com>']);
  });

  it('has nothing without a config, or when the helper has nothing', async () => {
    expect(await storedCredentials('ghcr.io', noExec, { DOCKER_CONFIG: '/nonexistent' })).toBeUndefined();
    const env = configDir({ credsStore: 'desktop' });
    const exec: Exec = async () => ({
      exitCode: 1,
      stdout: 'credentials not found in native keychain',
      stderr: '',
    });
    expect(await storedCredentials('ghcr.io', exec, env)).toBeUndefined();
  });

  it('finds the config in DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/x' })).toBe('/x/config.json');
    expect(dockerConfigPath({})).toBe(path.join(os.homedir(), '.docker', 'config.json'));
  });
});
