#!/usr/bin/env node
// Starts the emulator and prints the environment a shell (or a pipeline rehearsal) needs.
import { parseCliArgs, UsageError, USAGE } from './cli-args.js';
import { startEmulator, type EmulatorOptions } from './emulator.js';

let options: EmulatorOptions | 'help';
try {
  options = parseCliArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`ecs-emulator: ${error.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

let emulator;
try {
  emulator = await startEmulator(options);
} catch (error) {
  process.stderr.write(`ecs-emulator: could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
const lines = [
  `# ECS emulator listening on ${emulator.url} (clock x${options.clockScale ?? 1}); Ctrl-C stops it`,
  `# state: ${emulator.url}/_emulator/state   load balancers: ${emulator.url}/_lb/<cluster>/<service>/`,
  `# ${emulator.containers.reason}`,
  ...Object.entries(emulator.env).map(([name, value]) => `export ${name}=${value}`),
];
process.stdout.write(`${lines.join('\n')}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`ecs-emulator: ${signal}, stopping\n`);
    void emulator.close().then(() => process.exit(0));
  });
}
