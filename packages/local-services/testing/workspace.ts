// A throwaway build context: a Dockerfile FROM scratch (nothing can be pulled offline) and a file.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestWorkspace {
  dir: string;
  /** Changes the copied file, so the next build makes a new layer. */
  touch(content?: string): void;
  remove(): void;
}

export function createWorkspace(files: Record<string, string> = {}): TestWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipline-ws-'));
  const write = (name: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  };
  write('Dockerfile', 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  write('hello.txt', `hello ${randomUUID()}\n`);
  Object.entries(files).forEach(([name, content]) => write(name, content));
  return {
    dir,
    touch: (content = `hello ${randomUUID()}\n`) => write('hello.txt', content),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
