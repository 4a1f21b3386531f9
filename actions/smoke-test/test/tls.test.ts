// smoke-test over HTTPS with a self-signed certificate: refused by default, accepted with insecure-tls.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startAppServer, type AppServer } from '@shipline/local-services/app';
import { errors, smokeTest } from './support.js';

let app: AppServer;
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smoke-tls-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=staging.example.test',
  ], { stdio: 'ignore' }); // prettier-ignore
  app = await startAppServer({
    tasks: ['v3'],
    tls: { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') },
  });
});
afterAll(() => app.close());

describe('smoke-test over HTTPS with a self-signed certificate', () => {
  it('refuses the certificate by default, saying why', async () => {
    const run = await smokeTest(app.url, { 'wait-until-healthy': '0s' });
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toMatch(/GET \/health: self-signed certificate.*DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  it('accepts it with insecure-tls, following redirects on the same path', async () => {
    const run = await smokeTest(app.url, {
      'insecure-tls': 'true',
      'expect-version': 'v3',
      checks: '- /health\n- path: /redirect\n  json-equals: { status: ok }',
      samples: '5',
    });
    expect(run.outputs.passed).toBe('true');
    expect(run.warnings.join('\n')).toMatch(/insecure-tls is on/);
    expect(JSON.parse(run.outputs.report ?? '{}').checks[1].redirects).toEqual([`302 → ${app.url}/health`]);
  });
});
