// A problem found before any story (the same shape as `./dev doctor`'s findings, which the command
// line passes in): how bad, where in the application's repository, what, and what to change.
export interface AppFinding {
  level: 'error' | 'warning' | 'note';
  /** `.github/task-definitions/staging.json`, `.github/workflows/cd.yml deploy-staging`, `variables` */
  where: string;
  message: string;
  fix?: string;
}

export const appFinding = (
  level: AppFinding['level'],
  where: string,
  message: string,
  fix?: string,
): AppFinding => (fix === undefined ? { level, where, message } : { level, where, message, fix });
