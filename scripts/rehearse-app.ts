// ./dev rehearse --app DIR: the application repository's own pipeline rehearsed, with ./dev doctor's
// checks (given the variables and secret names of its .github/rehearsal.yml) and the team's IAM
// policies named under its iam: checked against each role's calls (./dev iam-policy's stand in for
// the others). Returns the exit code: 0 passed, 1 a problem or a story failed, 2 bad input.
import fs from 'node:fs';
import { AppConfigError, rehearseApp, type AppConfig, type AppFinding } from '@shipline/rehearsal';
import { diagnose } from './doctor/diagnose.js';
import { rehearsalPolicies } from './iam-policy/rehearsal-policies.js';
import { teamPolicyFindings } from './iam-policy/team-policy-check.js';
import { repoRoot } from './lib/actions.js';
import { fromCaller } from './lib/caller-cwd.js';

/** `./dev doctor`'s checks of the app, given the variables and secret names of its rehearsal.yml. */
export const appDoctor =
  (appDir: string) =>
  (config: AppConfig): AppFinding[] =>
    diagnose(
      appDir,
      repoRoot,
      new Map(Object.entries(config.variables)),
      new Map(config.secrets.map((s) => [s, ''])),
    );

export interface AppCommand {
  app: string;
  stories: string[];
  clockScale: number;
  verbose?: boolean;
  noDocker?: boolean;
  iam: boolean;
}

export async function rehearseAppCommand(command: AppCommand): Promise<number> {
  const appDir = fromCaller(command.app);
  if (!fs.existsSync(appDir) || !fs.statSync(appDir).isDirectory()) {
    console.error(
      `rehearse: --app '${command.app}' is not an existing folder (${appDir}) (e.g. --app examples/sample-app)`,
    );
    return 2;
  }
  try {
    const result = await rehearseApp({
      repoRoot,
      appDir,
      stories: command.stories.length > 0 ? command.stories : undefined,
      clockScale: command.clockScale,
      verbose: command.verbose,
      noDocker: command.noDocker,
      doctor: appDoctor(appDir),
      checkTeamPolicy: teamPolicyFindings,
      ...(command.iam ? { iamPolicies: (setup) => rehearsalPolicies(setup) } : {}),
    });
    console.log(
      `\nrehearsal of ${command.app} ${result.passed ? 'passed' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)}s`,
    );
    return result.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof AppConfigError) {
      console.error(`rehearse: ${command.app}/${error.message}`);
      return 2;
    }
    console.error(`rehearse: ${(error as Error).message}`);
    return 1;
  }
}
