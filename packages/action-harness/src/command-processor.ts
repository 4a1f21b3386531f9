// What the runner does with each line a step prints (ActionCommandManager): process workflow commands,
// print everything else, and write the log through the secret masker.

import type { SecretMasker } from './masker.js';
import type { Stage, WorkflowCommand } from './types.js';
import { getProperty, parseWorkflowCommand, REGISTERED_COMMANDS } from './workflow-commands.js';

const DEPRECATED = (command: string) =>
  `The \`${command}\` command is deprecated and will be disabled soon. Please upgrade to using Environment ` +
  'Files. For more information see: ' +
  'https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/';
const DISABLED = (command: string) =>
  `The \`${command}\` command is disabled. Please upgrade to using Environment Files or opt into unsecure ` +
  'command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. ' +
  'For more information see: ' +
  'https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/';
const BAD_STOP_TOKEN =
  "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow " +
  'command. For more information see: ' +
  'https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands ' +
  'or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` ' +
  'environment variable to `true`.';

// Commands whose raw line is never echoed (their data may be sensitive or is shown another way).
const OMIT_ECHO = ['add-mask', 'debug', 'notice', 'warning', 'error'];

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export interface ProcessorSettings {
  stage: Stage;
  masker: SecretMasker;
  /** ACTIONS_STEP_DEBUG: debug lines are shown and commands are echoed from the start. */
  debug: boolean;
  allowUnsecureCommands: boolean;
  allowUnsecureStopTokens: boolean;
  /** Each log line shown for a line the action printed, masked (for the leak check). */
  onShown?: (text: string) => void;
}

export class CommandProcessor {
  readonly log: string[] = [];
  readonly commands: WorkflowCommand[] = [];
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  readonly outputs: Record<string, string> = {};
  readonly state: Record<string, string> = {};
  readonly env: Record<string, string> = {};
  readonly path: string[] = [];
  /** Set when a command could not be processed: the runner then fails the step. */
  failed = false;
  private echo: boolean;
  private stopToken: string | undefined;
  private inActionLine = false;

  constructor(private readonly settings: ProcessorSettings) {
    this.echo = settings.debug;
  }

  /** Writes a line to the log, masked with every value registered so far. */
  print(text: string): void {
    for (const line of text.split('\n')) {
      const shown = this.settings.masker.mask(line);
      this.log.push(shown);
      if (this.inActionLine) this.settings.onShown?.(shown);
    }
  }

  runnerError(message: string): void {
    this.errors.push(this.settings.masker.mask(message));
    this.print(`##[error]${message}`);
  }

  runnerWarning(message: string): void {
    this.warnings.push(this.settings.masker.mask(message));
    this.print(`##[warning]${message}`);
  }

  private commandFailed(line: string, command: string, message: string): void {
    this.runnerError(
      `Unable to process command '${OMIT_ECHO.includes(command) ? command : line}' successfully.`,
    );
    this.runnerError(message);
    this.failed = true;
  }

  /** Handles one line the action printed (stdout or stderr). */
  line(text: string): void {
    this.inActionLine = true;
    try {
      this.handle(text);
    } finally {
      this.inActionLine = false;
    }
  }

  private handle(text: string): void {
    const parsed = parseWorkflowCommand(text, this.stopToken === undefined ? [] : [this.stopToken]);
    if (!parsed) return this.print(text);
    if (this.stopToken !== undefined) {
      // Only the token resumes; every other command line is plain text meanwhile.
      if (same(parsed.command, this.stopToken)) this.stopToken = undefined;
      return this.print(text);
    }
    const name = parsed.command.toLowerCase();
    const { masker } = this.settings;
    if (name === 'stop-commands') return this.stopCommands(text, parsed.message);
    if (name === 'add-mask') {
      if (parsed.message.trim() === '') {
        this.runnerWarning("Can't add secret mask for empty string in ##[add-mask] command.");
      } else {
        masker.add(parsed.message);
        if (this.echo) this.print('::add-mask::***');
      }
      return this.record(name, parsed.properties, '***');
    }
    if (this.echo && !OMIT_ECHO.includes(name)) this.print(text);
    this.record(name, parsed.properties, parsed.message);
    this.apply(text, name, parsed.properties, parsed.message);
  }

  private record(command: string, properties: Record<string, string>, message: string): void {
    const { masker, stage } = this.settings;
    const masked = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, masker.mask(v)]));
    this.commands.push({ command, properties: masked, message: masker.mask(message), stage });
  }

  private stopCommands(text: string, token: string): void {
    const invalid =
      token === '' || REGISTERED_COMMANDS.some((c) => same(c, token)) || same(token, 'pause-logging');
    if (invalid && !this.settings.allowUnsecureStopTokens) {
      this.runnerError(BAD_STOP_TOKEN);
      this.failed = true;
      return;
    }
    this.stopToken = token;
    // The runner masks a long token so text in between cannot guess it from the log.
    if (token.length > 6) this.settings.masker.add(token, false);
    this.record('stop-commands', {}, token);
    this.print(text);
  }

  private apply(line: string, name: string, properties: Record<string, string>, message: string): void {
    const needName = () => {
      const value = getProperty(properties, 'name');
      if (!value) this.commandFailed(line, name, `Required field 'name' is missing in ##[${name}] command.`);
      return value;
    };
    switch (name) {
      case 'debug':
        if (this.settings.debug) this.print(`##[debug]${message}`);
        // Shown as soon as someone re-runs with debug logging, so the leak check reads it either way.
        else this.settings.onShown?.(this.settings.masker.mask(message));
        return;
      case 'notice':
      case 'warning':
      case 'error':
        if (name === 'error') this.errors.push(this.settings.masker.mask(message));
        if (name === 'warning') this.warnings.push(this.settings.masker.mask(message));
        return this.print(`##[${name}]${message}`);
      case 'group':
        return this.print(`##[group]${message}`);
      case 'endgroup':
        return this.print('##[endgroup]');
      case 'echo': {
        const value = message.trim().toUpperCase();
        if (value === 'ON' || value === 'OFF') this.echo = value === 'ON';
        else {
          this.commandFailed(
            line,
            name,
            `Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${message}'.`,
          );
        }
        return;
      }
      case 'set-output':
      case 'save-state': {
        this.runnerWarning(DEPRECATED(name));
        const key = needName();
        if (key) (name === 'set-output' ? this.outputs : this.state)[key] = message;
        return;
      }
      case 'set-env':
      case 'add-path': {
        if (!this.settings.allowUnsecureCommands) return this.commandFailed(line, name, DISABLED(name));
        if (name === 'add-path') {
          if (message === '')
            return this.commandFailed(line, name, "Value cannot be null. (Parameter 'path')");
          this.path.splice(0, this.path.length, ...this.path.filter((p) => p !== message), message);
          return;
        }
        const key = needName();
        if (!key) return;
        if (same(key, 'NODE_OPTIONS')) {
          return this.runnerError(
            "Can't update NODE_OPTIONS environment variable using ::set-env:: command.",
          );
        }
        this.env[key] = message;
        return;
      }
      default:
        // add-matcher / remove-matcher: problem matchers are not emulated; the command is recorded only.
        return;
    }
  }
}
