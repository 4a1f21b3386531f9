// The doctor's checks of one application repository, in order, and how findings print.
import path from 'node:path';
import { listActions } from '../lib/actions.js';
import { readWorkflowFiles, shiplineCalls, shiplineUses } from './app-workflows.js';
import type { Finding } from './findings.js';
import { refFindings } from './ref-checks.js';
import { settingsFindings } from './settings-checks.js';
import { taskDefinitionFindings } from './task-definition-checks.js';

export function diagnose(
  appDir: string,
  shiplineRoot: string,
  variables?: Map<string, string>,
  secrets?: Map<string, string>,
): Finding[] {
  const files = readWorkflowFiles(appDir);
  const calls = shiplineCalls(files);
  const actions = listActions(shiplineRoot).map((dir) => path.basename(dir));
  const all = [
    ...refFindings(shiplineUses(files, actions)),
    ...settingsFindings(calls, shiplineRoot, variables, secrets),
    ...taskDefinitionFindings(appDir, calls),
  ];
  // The Dockerfile serves every environment: say each of its problems once.
  const seen = new Set<string>();
  return all.filter((f) => {
    const key = `${f.where}\n${f.message.replace(/ \(\.github\/task-definitions\/[^)]+\)$/, '')}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

const MARK = { error: '✗', warning: '!', note: '·' } as const;

export function formatFindings(findings: Finding[], app: string): string[] {
  const counts = (level: Finding['level']) => findings.filter((f) => f.level === level).length;
  const lines = findings.map(
    (f) => `${MARK[f.level]} ${f.level} ${f.where}: ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ''}`,
  );
  const verdict =
    counts('error') > 0
      ? `${app}: ${counts('error')} error(s) would fail a deploy, ${counts('warning')} warning(s)`
      : `${app}: ready to deploy as far as can be checked offline (${counts('warning')} warning(s), ${counts('note')} note(s))`;
  return [...lines, verdict];
}
