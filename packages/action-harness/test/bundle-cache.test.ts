// ncc runs without its persistent cache: a build writes nothing outside its output folder, so a
// second clone on the same machine never meets the first one's files (TS6059, issue #22: 6).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { bundleWithNcc } from '../src/bundle.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-cache-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const filesUnder = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).sort();

describe('bundleWithNcc', () => {
  it('keeps no cache: nothing in the home folder, nothing in the action folder but its source', async () => {
    const home = path.join(scratch, 'home');
    const action = path.join(scratch, 'action');
    fs.mkdirSync(home);
    fs.mkdirSync(path.join(action, 'src'), { recursive: true });
    fs.writeFileSync(path.join(action, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(
      path.join(action, 'tsconfig.json'),
      '{ "compilerOptions": { "module": "ESNext", "moduleResolution": "bundler", "target": "ES2022", "rootDir": "src" } }\n',
    );
    fs.writeFileSync(
      path.join(action, 'src', 'index.ts'),
      "const who: string = 'world';\nconsole.log(who);\n",
    );
    const saved = { HOME: process.env.HOME, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
    Object.assign(process.env, { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') });
    try {
      await bundleWithNcc({ cwd: action, entry: 'src/index.ts', outDir: path.join(scratch, 'out') });
    } finally {
      for (const [key, value] of Object.entries(saved))
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
    }
    expect(filesUnder(path.join(scratch, 'out'))).toContain('index.js');
    expect(filesUnder(home)).toEqual([]);
    expect(filesUnder(action)).toEqual(['package.json', 'src', 'src/index.ts', 'tsconfig.json']);
  }, 60_000);
});
