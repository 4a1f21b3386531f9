// The rehearsal's three folders import one way: presentation → stories → workflow-runner, and the
// workflow runner knows nothing of Shipline's stories or the local parts they play against.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function importsOf(folder: string): { file: string; from: string }[] {
  return fs.readdirSync(path.join(src, folder)).flatMap((file) => {
    const text = fs.readFileSync(path.join(src, folder, file), 'utf8');
    return [...text.matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map((m) => ({
      file: `${folder}/${file}`,
      from: m[1]!,
    }));
  });
}

describe('the rehearsal imports one way', () => {
  it('the workflow runner imports only its own files, the action harness, the toolkit and Node/yaml', () => {
    const imports = importsOf('workflow-runner');
    expect(imports.length).toBeGreaterThan(10);
    const foreign = imports.filter(
      ({ from }) =>
        !/^\.\/[a-z-]+\.js$/.test(from) &&
        !['@shipline/action-harness', '@shipline/toolkit', 'yaml'].includes(from) &&
        !from.startsWith('node:'),
    );
    expect(foreign).toEqual([]);
  });

  it('the stories never reach the presentation, and other folders reach the runner only through its index', () => {
    const all = [...importsOf('stories'), ...importsOf('presentation')];
    expect(
      all.filter(({ file, from }) => file.startsWith('stories/') && from.includes('presentation')),
    ).toEqual([]);
    expect(
      all.filter(
        ({ from }) => from.includes('workflow-runner/') && !from.endsWith('workflow-runner/index.js'),
      ),
    ).toEqual([]);
  });
});
