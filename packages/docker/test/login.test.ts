// docker login/logout: password on stdin, failures explained.
import { describe, expect, it } from '@jest/globals';
import {
  dockerLogin,
  dockerLogout,
  explainLoginFailure,
  loginServer,
  type Exec,
  type ExecOptions,
} from '../src/index.js';

function recordingExec(result: { exitCode: number; stderr?: string }) {
  const calls: { args: string[]; options?: ExecOptions }[] = [];
  const exec: Exec = async (_command, args, options) => {
    calls.push({ args, ...(options ? { options } : {}) });
    return { exitCode: result.exitCode, stdout: '', stderr: result.stderr ?? '' };
  };
  return { exec, calls };
}

describe('docker login', () => {
  it('sends the password on stdin, never in the arguments', async () => {
    const { exec, calls } = recordingExec({ exitCode: 0 });
    await dockerLogin(exec, { server: '127.0.0.1:5000', username: 'ci', password: 'p4ssw0rd-value' });
    expect(calls[0]?.args).toEqual(['login', '127.0.0.1:5000', '--username', 'ci', '--password-stdin']);
    expect(calls[0]?.args.join(' ')).not.toContain('p4ssw0rd-value');
    expect(calls[0]?.options?.input).toBe('p4ssw0rd-value');
  });

  it('explains a refused login', async () => {
    const { exec } = recordingExec({
      exitCode: 1,
      stderr:
        'WARNING! Using --password via the CLI is insecure.\nError response from daemon: login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized',
    });
    await expect(
      dockerLogin(exec, { server: '127.0.0.1:5000', username: 'ci', password: 'x' }),
    ).rejects.toThrow(
      'Could not log in to 127.0.0.1:5000 as "ci": the registry refused the username or password (docker said: Error response from daemon: login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized)',
    );
  });

  it.each([
    [
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      /^no Docker daemon is reachable/,
    ],
    [
      'Get "https://r.example/v2/": dial tcp: lookup r.example: no such host',
      /^the registry could not be reached/,
    ],
    [
      'Get "https://10.0.0.5:5000/v2/": http: server gave HTTP response to HTTPS client',
      /^the registry speaks plain HTTP/,
    ],
    ['x509: certificate signed by unknown authority', /TLS certificate is not trusted/],
    ['something else', /^docker login failed \(docker said: something else\)/],
  ])('explains %j', (output, reason) => expect(explainLoginFailure(output)).toMatch(reason));

  it('uses host[:port] as the server, as docker keys its credentials', () => {
    expect(loginServer('https://123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    );
    expect(loginServer('http://127.0.0.1:5000/')).toBe('127.0.0.1:5000');
    expect(loginServer('ghcr.io')).toBe('ghcr.io');
  });

  it('logout reports instead of throwing', async () => {
    const failing: Exec = async () => {
      throw new Error('spawn docker ENOENT');
    };
    expect(await dockerLogout(failing, 'r')).toEqual({ ok: false, message: 'spawn docker ENOENT' });
    const { exec, calls } = recordingExec({ exitCode: 0 });
    expect((await dockerLogout(exec, '127.0.0.1:5000')).ok).toBe(true);
    expect(calls[0]?.args).toEqual(['logout', '127.0.0.1:5000']);
  });
});
