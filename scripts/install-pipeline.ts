// ./dev install-pipeline --into DIR [--shipline OWNER/REPO] [--ref REF]: installs Shipline's CI/CD
// into an application repository (see docs/install.md), then prints what is still to set.
import path from 'node:path';
import { checklist, checklistLines, type TaskDefinitionRoles } from './doctor/checklist.js';
import { repoRoot } from './lib/actions.js';
import { callerCwd } from './lib/caller-cwd.js';
import { parseInstallArgs, USAGE } from './lib/pipeline-install-args.js';
import {
  ACCOUNT_PLACEHOLDER,
  InstallError,
  installPipeline,
  REGION_PLACEHOLDER,
} from './lib/pipeline-install.js';

try {
  const options = parseInstallArgs(process.argv.slice(2));
  if (options === undefined) {
    console.log(USAGE);
  } else {
    const files = installPipeline(options);
    const shown = path.relative(callerCwd(), options.into) || '.';
    console.log(`installed Shipline ${options.shipline}@${options.ref} into ${shown} (${options.into}):`);
    files.forEach((f) => console.log(`  ${f.path}`));
    const source = options.appSource ?? '--app';
    console.log(`application: ${options.app} (from ${source === '--app' ? source : `the ${source}`})`);
    if (/^v\d+$/.test(options.ref))
      console.log(
        `note: @${options.ref} moves with every release; pin one with --ref v1.2.3 or its commit SHA (docs/versioning.md)`,
      );
    const placeholders = [options.accountId, options.region].filter(
      (v) => v === ACCOUNT_PLACEHOLDER || v === REGION_PLACEHOLDER,
    );
    if (placeholders.length > 0)
      console.log(`replace ${placeholders.join(' and ')} in .github/task-definitions/*.json`);
    const workflows = files.filter((f) => f.path.startsWith('.github/workflows/'));
    const roles: TaskDefinitionRoles[] = files
      .filter((f) => /task-definitions\/(?!scaling)[^/]+\.json$/.test(f.path))
      .map((f) => ({ file: f.path, ...(JSON.parse(f.content) as Omit<TaskDefinitionRoles, 'file'>) }))
      .map(({ file, executionRoleArn, taskRoleArn }) => ({ file, executionRoleArn, taskRoleArn }));
    const app = options.appRepository ?? 'OWNER/REPO';
    checklistLines(checklist(workflows, repoRoot, roles, app), shown, app, options.into).forEach((l) =>
      console.log(l),
    );
  }
} catch (error) {
  if (!(error instanceof InstallError)) throw error;
  console.error(`install-pipeline: ${error.message}`);
  process.exit(2);
}
