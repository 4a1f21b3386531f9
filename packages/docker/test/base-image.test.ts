// The local Node.js base image: ldd parsing, the tar writer read back by GNU tar, the content hash,
// and (with a docker daemon) a real build that a Dockerfile using the official names builds on.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from '@jest/globals';
import { describeWithDocker } from '@shipline/local-services/testing';
import { FileDigests } from '../src/base-image/file-digests.js';
import { ensureNodeBaseImage, INPUTS_LABEL, inputsHash } from '../src/base-image/node-base-image.js';
import { parseLdd } from '../src/base-image/rootfs.js';
import { tarStream, type TarEntry } from '../src/base-image/tar-stream.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'base-image-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

describe('base image parts', () => {
  it('reads the libraries and the loader from ldd output, not the vdso', () => {
    const output = [
      '\tlinux-vdso.so.1 (0x00007ffd1a5f0000)',
      '\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f1be5c00000)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1be5a1e000)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f1be5f60000)',
    ].join('\n');
    expect(parseLdd(output)).toEqual([
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });

  it('writes a tar that GNU tar lists with the modes, owners, links and long paths given', async () => {
    const source = path.join(temp, 'payload.bin');
    fs.writeFileSync(source, Buffer.alloc(1500, 7));
    const long = `usr/${'deep/'.repeat(30)}file.txt`;
    const entries: TarEntry[] = [
      { path: 'home/node', type: 'dir', mode: 0o755, uid: 1000, gid: 1000 },
      { path: 'tmp', type: 'dir', mode: 0o1777 },
      { path: 'bin/payload', type: 'file', mode: 0o755, source, size: 1500 },
      { path: long, type: 'file', mode: 0o644, content: 'hello\n' },
      { path: 'bin/sh', type: 'symlink', target: '/bin/busybox' },
    ];
    const archive = path.join(temp, 'out.tar');
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from(tarStream(entries))) chunks.push(chunk as Buffer);
    fs.writeFileSync(archive, Buffer.concat(chunks));
    const listing = execFileSync('tar', ['-tvf', archive, '--numeric-owner'], { encoding: 'utf8' });
    expect(listing).toMatch(/drwxr-xr-x 1000\/1000 .* home\/node\//);
    expect(listing).toMatch(/drwxrwxrwt 0\/0 .* tmp\//);
    expect(listing).toMatch(/-rwxr-xr-x 0\/0 +1500 .* bin\/payload/);
    expect(listing).toContain(long);
    expect(listing).toMatch(/bin\/sh -> \/bin\/busybox/);
    const out = path.join(temp, 'x');
    fs.mkdirSync(out);
    execFileSync('tar', ['-xf', archive, '-C', out]);
    expect(fs.readFileSync(path.join(out, long), 'utf8')).toBe('hello\n');
    expect(fs.readFileSync(path.join(out, 'bin/payload'))).toEqual(Buffer.alloc(1500, 7));
  });

  it('hashes file contents: the same inputs give the same hash, one changed byte another', async () => {
    const file = path.join(temp, 'lib.so');
    fs.writeFileSync(file, 'abc');
    const entry = (): TarEntry => ({ path: 'lib/lib.so', type: 'file', mode: 0o755, source: file, size: 3 });
    const first = await inputsHash([entry()], ['CMD ["node"]']);
    expect(await inputsHash([entry()], ['CMD ["node"]'])).toBe(first);
    fs.writeFileSync(file, 'abd');
    expect(await inputsHash([entry()], ['CMD ["node"]'])).not.toBe(first);
    fs.writeFileSync(file, 'abc');
    expect(await inputsHash([entry()], ['CMD ["sh"]'])).not.toBe(first);
  });
});

describe('base image inputs', () => {
  it('says how to get BusyBox when there is none, before any docker call', async () => {
    const calls: string[][] = [];
    const exec = async (_command: string, args: string[]) => {
      calls.push(args);
      return { exitCode: 1, stdout: '', stderr: '' };
    };
    await expect(ensureNodeBaseImage({ busybox: '/nonexistent/busybox', npm: false, exec })).rejects.toThrow(
      'no BusyBox at /nonexistent/busybox: apt-get install busybox-static (as .ci/system-packages does), or pass busybox',
    );
    expect(calls).toEqual([]);
  });
});

describe('file digests remembered between runs', () => {
  it('reads a file again only when its size, times or inode changed', async () => {
    const file = path.join(temp, 'node.bin');
    const store = path.join(temp, 'digests', 'file-digests.json');
    fs.writeFileSync(file, 'v1');
    const first = new FileDigests(store);
    const v1 = await first.digest(file);
    first.save();
    expect(v1).toBe(createHash('sha256').update('v1').digest('hex'));
    // A remembered digest is used as is: the store, not the file, answers for an unchanged stat.
    const known = JSON.parse(fs.readFileSync(store, 'utf8')) as Record<string, { sha256: string }>;
    known[file]!.sha256 = 'remembered';
    fs.writeFileSync(store, JSON.stringify(known));
    expect(await new FileDigests(store).digest(file)).toBe('remembered');
    fs.writeFileSync(file, 'v2'); // same size, new mtime/ctime
    expect(await new FileDigests(store).digest(file)).toBe(createHash('sha256').update('v2').digest('hex'));
  });
});

const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8', timeout: 120_000 });

describeWithDocker(
  'the Node.js base image on a real docker daemon',
  () => {
    const app = 'shipline-test/base-image-app:1';
    afterAll(() => void docker('rmi', '--force', app));

    it('is built once, then found by its content hash; a Dockerfile on node:24-slim builds on it', async () => {
      const first = await ensureNodeBaseImage();
      const second = await ensureNodeBaseImage();
      expect(second.built).toBe(false);
      expect(second.inputsHash).toBe(first.inputsHash);
      expect(second.tags).toEqual(expect.arrayContaining(['shipline/node:24', 'node:24-slim']));
      const label = docker(
        'image',
        'inspect',
        'node:24-slim',
        '--format',
        `{{index .Config.Labels "${INPUTS_LABEL}"}}`,
      );
      expect(label.stdout.trim()).toBe(first.inputsHash);

      const context = fs.mkdtempSync(path.join(temp, 'ctx-'));
      fs.writeFileSync(
        path.join(context, 'server.js'),
        'console.log("app", process.version, process.getuid());\n',
      );
      fs.writeFileSync(
        path.join(context, 'Dockerfile'),
        [
          'FROM node:24-slim AS build',
          'WORKDIR /app',
          'COPY server.js .',
          'RUN npm --version && addgroup -S web && adduser -S -G web web && groupadd -g 2000 ops && useradd -u 2000 -g ops -m ops',
          'FROM node:24-alpine',
          'WORKDIR /app',
          'COPY --from=build /app/server.js .',
          'USER node',
          'CMD ["node", "server.js"]',
        ].join('\n'),
      );
      const build = spawnSync('docker', ['build', '-q', '-t', app, context], {
        encoding: 'utf8',
        env: { ...process.env, DOCKER_BUILDKIT: '0' },
        timeout: 300_000,
      });
      expect({ status: build.status, stderr: build.stderr }).toMatchObject({ status: 0 });
      const run = docker('run', '--rm', app);
      expect(run.stdout.trim()).toBe(`app v${process.versions.node} 1000`);
      const tools = docker('run', '--rm', app, 'sh', '-c', 'wget --help 2>&1 | head -1; id -un');
      expect(tools.stdout).toMatch(/BusyBox/);
      expect(tools.stdout.trim().split('\n').pop()).toBe('node');
    });
  },
  { registry: false },
);
