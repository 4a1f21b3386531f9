export interface RunOptions {
  name: string;
  greeting: string;
}

export interface RunResult {
  message: string;
}

/** The behaviour of the action: inputs and clients come in as arguments, so tests need no mocks. */
export async function run(options: RunOptions, context: { signal: AbortSignal }): Promise<RunResult> {
  context.signal.throwIfAborted();
  return { message: `${options.greeting}, ${options.name}!` };
}
