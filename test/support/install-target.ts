// The files an install-pipeline test expects, the options it installs with, and a folder listing.
import fs from 'node:fs';
import path from 'node:path';
import type { InstallOptions } from '../../scripts/lib/pipeline-install.js';

export const installOptions = (into: string, extra: Partial<InstallOptions> = {}): InstallOptions => ({
  shipline: 'acme/shipline',
  into,
  ref: 'v2.1.0',
  force: false,
  app: 'shop',
  accountId: '123456789012',
  region: 'eu-west-1',
  ...extra,
});

export const EXPECTED_FILES = [
  '.github/repository-policy.yml',
  '.github/task-definitions/dev.json',
  '.github/task-definitions/production.json',
  '.github/task-definitions/scaling.json',
  '.github/task-definitions/staging.json',
  '.github/workflows/cd.yml',
  '.github/workflows/ci.yml',
  '.github/workflows/hotfix.yml',
  '.github/workflows/rollback.yml',
];

export function filesIn(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}
