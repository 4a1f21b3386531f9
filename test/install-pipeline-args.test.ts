// install-pipeline's flags: defaults, relative --into from the caller's folder, the application
// from the target's git remote, a SHA ref with its release comment, and each bad or retired flag
// refused naming the flag, the problem and a good value.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { repoRoot } from '../scripts/lib/actions.js';
import { parseInstallArgs } from '../scripts/lib/pipeline-install-args.js';
import { InstallError, installPipeline } from '../scripts/lib/pipeline-install.js';

let into = '';
beforeEach(() => {
  into = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-'));
});
afterEach(() => fs.rmSync(into, { recursive: true, force: true }));

const installed = (rel: string) => fs.readFileSync(path.join(into, rel), 'utf8');

describe('parseInstallArgs', () => {
  const args = (...extra: string[]) => ['--shipline', 'acme/shipline', '--into', into, ...extra];
  const git = (dir: string, ...a: string[]) =>
    expect(spawnSync('git', ['-C', dir, ...a], { encoding: 'utf8' }).status).toBe(0);

  it("defaults: Shipline from shipline/shipline at this checkout's ref, app from the folder, placeholders", () => {
    const parsed = parseInstallArgs(['--into', into], {})!;
    expect(parsed).toMatchObject({
      shipline: 'shipline/shipline',
      ref: 'v1',
      force: false,
      accountId: '<AWS_ACCOUNT_ID>',
      region: '<AWS_REGION>',
      appSource: 'folder name',
    });
    expect(parsed.app).toBe(path.basename(into).toLowerCase());
    expect(parseInstallArgs(args('--ref', 'a'.repeat(40), '--force'), {})).toMatchObject({ force: true });
    expect(parseInstallArgs(['--help'])).toBeUndefined();
  });

  it('a relative --into resolves from where the command runs (./dev passes it on), not from Shipline', () => {
    const parent = path.dirname(into);
    const rel = path.basename(into);
    expect(parseInstallArgs(['--into', rel], { SHIPLINE_CALLER_CWD: parent })!.into).toBe(into);
    expect(parseInstallArgs(['--into', rel], { INIT_CWD: parent })!.into).toBe(into);
    expect(() => parseInstallArgs(['--into', rel], { SHIPLINE_CALLER_CWD: repoRoot })).toThrow(
      new RegExp(`--into '${rel}' is not an existing folder \\(${repoRoot}/${rel}\\)`),
    );
  });

  it("the application comes from the target's git remote; --shipline naming it is refused", () => {
    git(into, 'init', '-q');
    git(into, 'remote', 'add', 'origin', 'git@github.com:acme/Shop-API.git');
    expect(parseInstallArgs(args(), {})).toMatchObject({
      app: 'shop-api',
      appSource: 'git remote',
      appRepository: 'acme/Shop-API',
    });
    expect(parseInstallArgs(args('--app', 'web'), {})).toMatchObject({ app: 'web', appSource: '--app' });
    expect(() => parseInstallArgs(['--shipline', 'acme/shop-api', '--into', into], {})).toThrow(
      /--shipline 'acme\/shop-api' is the application's own repository .*\(e\.g\. --shipline shipline\/shipline\)/,
    );
  });

  it('a SHA ref carries its release tag as a comment, for Dependabot', () => {
    const shipline = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-src-'));
    try {
      git(shipline, 'init', '-q');
      git(
        shipline,
        '-c',
        'user.name=t',
        '-c',
        'user.email=t@example.com',
        'commit',
        '-q',
        '--allow-empty',
        '-m',
        'r',
      );
      git(shipline, 'tag', 'v1.4.0');
      const sha = spawnSync('git', ['-C', shipline, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
      const parsed = parseInstallArgs(args('--ref', sha), {}, shipline)!;
      expect(parsed).toMatchObject({ ref: sha, refComment: 'v1.4.0' });
      installPipeline(parsed);
      expect(installed('.github/workflows/cd.yml')).toContain(
        `    uses: acme/shipline/.github/workflows/reusable-deploy.yml@${sha} # v1.4.0\n`,
      );
    } finally {
      fs.rmSync(shipline, { recursive: true, force: true });
    }
  });

  it.each([
    [
      ['--shipline', 'acme'],
      /--shipline 'acme' is not valid: OWNER\/REPO .*\(e\.g\. --shipline shipline\/shipline\)/,
    ],
    [
      ['--ref', 'main'],
      /--ref 'main' is not valid: a release tag like v1\.4\.0, or a 40-hex commit SHA \(e\.g\. --ref v1\.4\.0\)/,
    ],
    [['--app', 'Shop_API'], /--app 'Shop_API' is not valid: lowercase .*\(e\.g\. --app shop\)/],
    [
      ['--aws-account-id', '12'],
      /--aws-account-id '12' is not valid: 12 digits \(e\.g\. --aws-account-id 123456789012\)/,
    ],
    [
      ['--aws-region', 'mars'],
      /--aws-region 'mars' is not valid: an AWS region \(e\.g\. --aws-region eu-west-1\)/,
    ],
    [
      ['--owner', 'acme'],
      /--owner and --repo are gone: --shipline OWNER\/REPO names the repository Shipline comes from \(e\.g\. --shipline shipline\/shipline\)/,
    ],
    [['--repo', 'shop'], /--owner and --repo are gone: --shipline OWNER\/REPO/],
    [['--version', 'v1'], /--version is now --ref: a release tag or a commit SHA \(e\.g\. --ref v1\.4\.0\)/],
    [['--bogus'], /Unknown option '--bogus'[\s\S]*Usage:/],
  ])('%j is refused with the flag, the problem and a good value', (extra, message) => {
    expect(() => parseInstallArgs(args(...(extra as string[])), {})).toThrow(message as RegExp);
  });

  it('needs an existing --into folder', () => {
    expect(() => parseInstallArgs(['--shipline', 'acme/shipline'], {})).toThrow(/--into is required/);
    expect(() => parseInstallArgs(['--into', path.join(into, 'nope')], {})).toThrow(InstallError);
  });
});
