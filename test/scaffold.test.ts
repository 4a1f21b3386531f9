// Proves the template and the harness together: a freshly scaffolded action, bundled with ncc the
// way `pnpm build` does, runs through the harness as the runner would run it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNoLeaks, runAction } from '@shipline/action-harness';
import { bundleAction, repoRoot } from '../scripts/lib/actions.js';
import { scaffoldAction } from '../scripts/lib/scaffold.js';
import { staleDists } from '../scripts/lib/stale-dist.js';

const scratch = path.join(repoRoot, '.tmp', `scaffold-${process.pid}`);
const template = path.join(repoRoot, 'action-templates', 'node-action');
let actionDir = '';

beforeAll(async () => {
  fs.mkdirSync(path.join(scratch, 'actions'), { recursive: true });
  actionDir = scaffoldAction('demo-action', { root: scratch, template });
  // Outside the repository's actions/ folder the template's relative tsconfig paths point elsewhere.
  const toRoot = path.relative(actionDir, repoRoot);
  const tsconfig = {
    extends: `${toRoot}/tsconfig.bundle.json`,
    compilerOptions: { rootDir: toRoot },
    include: ['src'],
  };
  fs.writeFileSync(path.join(actionDir, 'tsconfig.json'), JSON.stringify(tsconfig));
  await bundleAction(actionDir, path.join(actionDir, 'dist'));
}, 300_000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('scaffolded action', () => {
  it('fills in the name everywhere and keeps the house shape', () => {
    const files = fs.readdirSync(actionDir, { recursive: true }) as string[];
    expect(files).toEqual(
      expect.arrayContaining([
        'action.yml',
        'README.md',
        'src/index.ts',
        'src/inputs.ts',
        'src/main.ts',
        'src/run.ts',
        'src/report.ts',
        'test/run.test.ts',
        'dist/index.js',
      ]),
    );
    expect(fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8')).toMatch(
      /name: 'Demo Action'[\s\S]*using: node24/,
    );
    const all = files
      .filter((f) => /\.(ts|yml|md|json)$/.test(f) && !f.startsWith('dist'))
      .map((f) => fs.readFileSync(path.join(actionDir, f), 'utf8'))
      .join('\n');
    expect(all).not.toMatch(/__ACTION_(NAME|TITLE)__/);
    expect(all).toContain('actions/demo-action@v1');
    expect(fs.readFileSync(path.join(actionDir, 'README.md'), 'utf8')).toContain('\n# Demo Action\n');
  });

  it('runs its bundled dist: default input, outputs, summary, no leaks', async () => {
    const result = await runAction({ actionDir, inputs: { name: 'Octocat' } });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ message: 'Hello, Octocat!' });
    expect(result.summary).toContain('| message | Hello, Octocat! |');
    expectNoLeaks(result);
  });

  it('fails with an error naming the bad input, and sets no output', async () => {
    const result = await runAction({ actionDir, inputs: { name: 'Octocat', greeting: 'Hi!!' } });
    expect(result.exitCode).toBe(1);
    expect(result.conclusion).toBe('failure');
    expect(result.errors).toContain(
      `Input 'greeting' "Hi!!" must be letters and spaces. Example of a good value: Good morning`,
    );
    expect(result.outputs).toEqual({});
  });

  it('reports a missing required input', async () => {
    const result = await runAction({ actionDir, inputs: {} });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain("Input 'name' is required but was not given");
  });
});

describe('every action has the shape the template starts from', () => {
  const actionsDir = path.join(repoRoot, 'actions');
  const actions = fs
    .readdirSync(actionsDir)
    .filter((name) => fs.existsSync(path.join(actionsDir, name, 'src')));
  /** A file's code without its comment lines: what the template and an action must share. */
  const code = (file: string): string =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('//'))
      .join('\n')
      .trim();

  it.each(actions)('%s: index → main → run → report, published with publishReport', (name) => {
    const src = path.join(actionsDir, name, 'src');
    for (const file of ['index.ts', 'inputs.ts', 'main.ts', 'run.ts', 'report.ts'])
      expect(`${name}/src/${file}: ${fs.existsSync(path.join(src, file))}`).toBe(`${name}/src/${file}: true`);
    expect(code(path.join(src, 'index.ts'))).toBe(code(path.join(template, 'src', 'index.ts')));
    const main = fs.readFileSync(path.join(src, 'main.ts'), 'utf8');
    expect(main).toMatch(/await actionMain\(/);
    expect(main).toMatch(/await publishReport\(/);
    expect(fs.readFileSync(path.join(src, 'run.ts'), 'utf8')).toMatch(/export (async )?function run\(/);
  });
});

describe('check-dist', () => {
  it('passes a fresh build and names the action and file when dist/ drifts from the source', async () => {
    expect(await staleDists([actionDir])).toEqual([]);
    const entry = path.join(actionDir, 'dist', 'index.js');
    const original = fs.readFileSync(entry);
    fs.appendFileSync(entry, '\n// edited by hand\n');
    fs.writeFileSync(path.join(actionDir, 'dist', 'stray.js'), '');
    try {
      expect(await staleDists([actionDir])).toEqual(['demo-action: index.js, stray.js']);
    } finally {
      fs.writeFileSync(entry, original);
      fs.rmSync(path.join(actionDir, 'dist', 'stray.js'));
    }
    // Two ncc builds: a loaded CI run took over 60 s for them.
  }, 300_000);
});

describe('new-action refuses', () => {
  it.each(['Bad_Name', '1st', 'double--hyphen', 'trailing-', ''])('the name %j', (name) => {
    expect(() => scaffoldAction(name, { root: scratch, template })).toThrow(/is not a good action name/);
  });

  it('an existing folder, naming it', () => {
    expect(() => scaffoldAction('demo-action', { root: scratch })).toThrow(
      'actions/demo-action already exists',
    );
  });

  it('from the command line, with exit code 2 and the reason', () => {
    let output = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/new-action.ts', 'Bad_Name'], {
        cwd: repoRoot,
        stdio: 'pipe',
      });
    } catch (error) {
      const e = error as { status: number; stderr: Buffer };
      status = e.status;
      output = e.stderr.toString();
    }
    expect(status).toBe(2);
    expect(output).toContain('"Bad_Name" is not a good action name');
  });
});
