// pnpm install-pipeline --owner O --repo R --into DIR: installs Shipline's CI/CD into a consumer
// repository (see workflows/README.md).
import {
  ACCOUNT_PLACEHOLDER,
  InstallError,
  REGION_PLACEHOLDER,
  USAGE,
  installPipeline,
  parseInstallArgs,
} from './lib/pipeline-install.js';

try {
  const options = parseInstallArgs(process.argv.slice(2));
  if (options === undefined) {
    console.log(USAGE);
  } else {
    const files = installPipeline(options);
    console.log(
      `installed Shipline ${options.owner}/${options.repo}@${options.version} into ${options.into}:`,
    );
    files.forEach((f) => console.log(`  ${f.path}`));
    console.log('next:');
    const placeholders = [options.accountId, options.region].filter(
      (v) => v === ACCOUNT_PLACEHOLDER || v === REGION_PLACEHOLDER,
    );
    if (placeholders.length > 0)
      console.log(`  - replace ${placeholders.join(' and ')} in .github/task-definitions/*.json`);
    console.log('  - set the repository variables and secrets listed at the top of .github/workflows/cd.yml');
    console.log(
      '  - apply .github/repository-policy.yml with `pnpm configure-repo` (branch rules, environments)',
    );
  }
} catch (error) {
  if (!(error instanceof InstallError)) throw error;
  console.error(`install-pipeline: ${error.message}`);
  process.exit(2);
}
