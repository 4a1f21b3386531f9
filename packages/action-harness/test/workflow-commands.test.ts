// Workflow commands (`::name key=value::message`) parsed as the runner parses them, and what it does with each line.
import { describe, expect, it } from '@jest/globals';
import { CommandProcessor } from '../src/command-processor.js';
import { SecretMasker } from '../src/masker.js';
import { parseWorkflowCommand } from '../src/index.js';

describe('parseWorkflowCommand', () => {
  it('parses name, properties and message, unescaping as the runner does', () => {
    expect(
      parseWorkflowCommand(
        '::warning file=src/a%2Cb.ts,line=3,col=5,endLine=4,endColumn=9,title=A%3A B::x%0Ay%25z',
      ),
    ).toEqual({
      command: 'warning',
      properties: { file: 'src/a,b.ts', line: '3', col: '5', endLine: '4', endColumn: '9', title: 'A: B' },
      message: 'x\ny%z',
    });
  });

  it('unescapes in the runner’s order, so an escaped escape stays literal', () => {
    expect(parseWorkflowCommand('::debug::100%250A')?.message).toBe('100%0A');
    expect(parseWorkflowCommand('::debug::a%3Ab%2Cc')?.message).toBe('a%3Ab%2Cc');
  });

  it('accepts leading whitespace and any case, and ignores malformed properties', () => {
    expect(parseWorkflowCommand('  ::Set-Output name=a,=b,c=,d::v')).toEqual({
      command: 'Set-Output',
      properties: { name: 'a' },
      message: 'v',
    });
  });

  it('treats unknown commands and lines without a closing :: as text', () => {
    expect(parseWorkflowCommand('::unknown::x')).toBeUndefined();
    expect(parseWorkflowCommand('::error')).toBeUndefined();
    expect(parseWorkflowCommand('x ::error::y')).toBeUndefined();
    expect(parseWorkflowCommand('::token42::', ['token42'])?.command).toBe('token42');
  });

  it('also parses the legacy ##[command] form, anywhere in the line, with its own escapes', () => {
    expect(parseWorkflowCommand('npm ERR! ##[error file=a.ts;line=2;x]broken%5D%3B%0Anext')).toEqual({
      command: 'error',
      properties: { file: 'a.ts', line: '2' },
      message: 'broken];\nnext',
    });
    expect(parseWorkflowCommand('##[add-mask]s3cr3t')).toEqual({
      command: 'add-mask',
      properties: {},
      message: 's3cr3t',
    });
    expect(parseWorkflowCommand('##[section]Starting')).toBeUndefined();
    expect(parseWorkflowCommand('##[error no closing bracket')).toBeUndefined();
  });
});

function processor(debug = false) {
  const masker = new SecretMasker();
  const p = new CommandProcessor({
    stage: 'main',
    masker,
    debug,
    allowUnsecureCommands: false,
    allowUnsecureStopTokens: false,
  });
  const feed = (...lines: string[]) => lines.forEach((line) => p.line(line));
  return { p, masker, feed };
}

describe('CommandProcessor (what the runner does with each output line)', () => {
  it('ignores commands between ::stop-commands:: and the token, and masks a long token', () => {
    const { p, feed } = processor();
    feed(
      '::stop-commands::pause-1234',
      '::error::not an error',
      '::add-mask::not-a-secret',
      '::pause-1234::',
      '::error::real',
    );
    expect(p.errors).toEqual(['real']);
    expect(p.log).toEqual([
      '::stop-commands::***',
      '::error::not an error',
      '::add-mask::not-a-secret',
      '::***::',
      '##[error]real',
    ]);
  });

  it('refuses a stop token that is empty or a command name, and keeps processing', () => {
    const { p, feed } = processor();
    feed('::stop-commands::error', '::error::still processed');
    expect(p.failed).toBe(true);
    expect(p.errors[0]).toMatch(/^You cannot use a endToken that is an empty string/);
    expect(p.errors[1]).toBe('still processed');
  });

  it('processes legacy ##[command] lines like the runner: masks, annotations, groups', () => {
    const { p, feed } = processor();
    feed('##[add-mask]legacy-secret', 'see legacy-secret', 'tool: ##[warning]careful', '##[group]G');
    expect(p.log).toEqual(['see ***', '##[warning]careful', '##[group]G']);
    expect(p.warnings).toEqual(['careful']);
  });

  it('masks registered values from the moment of registration only', () => {
    const { p, feed } = processor();
    feed('token abc-123-xyz', '::add-mask::abc-123-xyz', 'token abc-123-xyz', '::warning::abc-123-xyz bad');
    expect(p.log).toEqual(['token abc-123-xyz', 'token ***', '##[warning]*** bad']);
    expect(p.commands.map((c) => c.message)).toEqual(['***', '*** bad']);
  });

  it('shows debug lines and echoes commands only with step debug or ::echo::on', () => {
    const quiet = processor();
    quiet.feed('::debug::hidden', '::group::G', '::endgroup::');
    expect(quiet.p.log).toEqual(['##[group]G', '##[endgroup]']);

    const { p, feed } = processor();
    feed('::echo::on', '::group::G', '::add-mask::s3cr3t', '::echo::off', '::group::H');
    expect(p.log).toEqual(['::group::G', '##[group]G', '::add-mask::***', '::echo::off', '##[group]H']);

    const debug = processor(true);
    debug.feed('::debug::shown');
    expect(debug.p.log).toEqual(['##[debug]shown']);
  });

  it('still honours ::set-output:: and ::save-state:: with the runner’s deprecation warning', () => {
    const { p, feed } = processor();
    feed('::set-output name=out::a%0Ab', '::save-state name=st::1', '::set-output::nameless');
    expect(p.outputs).toEqual({ out: 'a\nb' });
    expect(p.state).toEqual({ st: '1' });
    expect(p.warnings.filter((w) => w.startsWith('The `set-output` command is deprecated'))).toHaveLength(2);
    expect(p.errors).toEqual([
      "Unable to process command '::set-output::nameless' successfully.",
      "Required field 'name' is missing in ##[set-output] command.",
    ]);
    expect(p.failed).toBe(true);
  });

  it('fails the step on the disabled ::set-env:: and ::add-path:: commands', () => {
    const { p, feed } = processor();
    feed('::set-env name=A::1', '::add-path::/x');
    expect(p.env).toEqual({});
    expect(p.path).toEqual([]);
    expect(p.errors[1]).toMatch(/^The `set-env` command is disabled/);
    expect(p.errors[3]).toMatch(/^The `add-path` command is disabled/);
    expect(p.failed).toBe(true);
  });
});
