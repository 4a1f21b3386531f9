// The sample application copied to a temporary folder and broken in one way, as a team might break
// its own repository: the test rehearses the copy and expects the problem named.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appDoctor } from '../../../scripts/rehearse-app.js';
import { rehearseApp, type AppRehearsalOptions } from '../src/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SAMPLE = path.join(repoRoot, 'examples/sample-app');

/** rehearseApp on an app folder, as `./dev rehearse --app` runs it: the output it printed and its error findings too. */
export async function rehearseAppDir(appDir: string, more: Partial<AppRehearsalOptions> = {}) {
  let output = '';
  const result = await rehearseApp({
    repoRoot,
    appDir,
    write: (text) => (output += text),
    doctor: appDoctor(appDir),
    ...more,
  });
  return { result, output, errors: result.findings.filter((f) => f.level === 'error') };
}

type Json = Record<string, unknown> & { containerDefinitions: Record<string, unknown>[] };

export function copySample(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sample-app-variant-'));
  fs.cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

/** Changes the app container of one task definition of the copy. */
export function editContainer(
  dir: string,
  environment: string,
  edit: (c: Record<string, unknown>) => void,
): void {
  const file = path.join(dir, `.github/task-definitions/${environment}.json`);
  const definition = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  edit(definition.containerDefinitions.find((c) => c.name === 'app')!);
  fs.writeFileSync(file, JSON.stringify(definition, null, 2));
}

/** Replaces text in a file of the copy, failing when the text is not there (the sample changed). */
export function replaceIn(dir: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(dir, file);
  const text = fs.readFileSync(full, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file} has no ${String(from)}: the variant no longer applies`);
  fs.writeFileSync(full, changed);
}
