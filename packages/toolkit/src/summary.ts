// Job summary helpers: markdown tables, collapsed details, HTML escaping, and appending redacted.
import * as core from '@actions/core';
import { redactSecrets } from './secrets.js';

/** Escapes text for a markdown table cell: pipes and newlines would break the row. */
export function tableCell(text: string | number | boolean | undefined): string {
  return String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** A GitHub-flavoured markdown table. */
export function markdownTable(header: string[], rows: (string | number | boolean | undefined)[][]): string {
  const line = (cells: (string | number | boolean | undefined)[]): string =>
    `| ${cells.map(tableCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** A collapsed section, for long detail such as events or build logs. */
export function details(title: string, body: string): string {
  return `<details><summary>${escapeHtml(title)}</summary>\n\n${body}\n\n</details>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Appends markdown sections to the job summary, separated by blank lines, redacted: the runner
 * publishes the summary file as written, without masking.
 */
export async function appendSummary(...sections: string[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const markdown = redactSecrets(`${sections.filter((s) => s !== '').join('\n\n')}\n\n`);
  await core.summary.addRaw(markdown).write();
}
