// docs/troubleshooting.md read as data: its numbered entries, the key of each reproduced one, the
// lines it quotes under "Shipline prints", and the check that a run printed them.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import type { RunResult } from '@shipline/action-harness';
import { repoRoot } from '../../scripts/lib/actions.js';

export const page = fs.readFileSync(path.join(repoRoot, 'docs/troubleshooting.md'), 'utf8');

export interface Entry {
  number: number;
  title: string;
  reproduced?: string;
  quoted: string[];
  section: string;
}

/** The numbered sections, each with its reproduction key and the lines of its first text block. */
export function entries(): Entry[] {
  return page
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const [heading = ''] = section.split('\n');
      const block = /```text\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
      return {
        number: Number(/^(\d+)\./.exec(heading)?.[1]),
        title: heading,
        reproduced: /_Reproduced[^`]*`([a-z-]+)`/.exec(section)?.[1],
        quoted: block.split('\n').filter((l) => l.trim() !== ''),
        section,
      };
    });
}

export const entry = (key: string) => entries().find((e) => e.reproduced === key)!;

/** A quoted line as a whole-line pattern: `…` matches anything on that line. */
export const linePattern = (quoted: string) =>
  new RegExp(
    `^${quoted
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*?')}$`,
    'm',
  );

/** Every quoted line was printed; for an entry that says "one of these lines", at least one. */
export function expectQuoted(key: string, printed: string) {
  const { quoted, section } = entry(key);
  expect(quoted.length).toBeGreaterThan(0);
  if (/_Reproduced: `[a-z-]+` \(one of these lines\)/.test(section)) {
    const found = quoted.some((line) => linePattern(line).test(printed));
    expect({ quoted, found }).toEqual({ quoted, found: true });
  } else
    for (const line of quoted)
      expect({ line, printed: linePattern(line).test(printed) }).toEqual({ line, printed: true });
}

export const printedBy = (run: RunResult) =>
  [...run.errors, run.outputs['failure-reason'] ?? '', run.log.replace(/^##\[\w+\]/gm, '')].join('\n');
