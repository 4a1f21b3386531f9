// ./dev doctor --app DIR [--variables FILE] [--secrets FILE]: checks an installed application
// repository offline (Shipline refs, variables and secrets, task definitions against the Dockerfile)
// and prints one line per finding with its fix; exit 1 when something would fail a deploy.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/actions.js';
import { fromCaller } from '../lib/caller-cwd.js';
import { diagnose, formatFindings } from './diagnose.js';
import { readSettingsFile } from './settings-checks.js';

const USAGE = `Usage: ./dev doctor --app DIR [--variables FILE] [--secrets FILE]

  --app DIR          the application repository's checkout (relative to where you run the command)
  --variables FILE   its repository variables: \`gh variable list --json name,value > vars.json\`,
                     or NAME=value lines; then required ones must be set and well formed
  --secrets FILE     its secret names: \`gh secret list --json name > secrets.json\`, or one name a line`;

function fail(message: string): never {
  console.error(`doctor: ${message}`);
  process.exit(2);
}

let values: { app?: string; variables?: string; secrets?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      app: { type: 'string' },
      variables: { type: 'string' },
      secrets: { type: 'string' },
      help: { type: 'boolean' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.app)
  fail(`--app is required: the application repository's folder (e.g. --app ../shop)\n\n${USAGE}`);
const app = fromCaller(values.app);
if (!fs.existsSync(app) || !fs.statSync(app).isDirectory())
  fail(`--app '${values.app}' is not an existing folder (${app}) (e.g. --app ../shop)`);
const settings = (flag: 'variables' | 'secrets') => {
  const file = values[flag];
  if (file === undefined) return undefined;
  const full = fromCaller(file);
  if (!fs.existsSync(full))
    fail(
      `--${flag} '${file}' does not exist (e.g. --${flag} ${flag}.json from gh ${flag === 'variables' ? 'variable' : 'secret'} list --json name${flag === 'variables' ? ',value' : ''})`,
    );
  return readSettingsFile(full);
};
const findings = diagnose(app, repoRoot, settings('variables'), settings('secrets'));
for (const line of formatFindings(findings, values.app)) console.log(line);
process.exit(findings.some((f) => f.level === 'error') ? 1 : 0);
