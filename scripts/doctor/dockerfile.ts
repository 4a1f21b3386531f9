// What a Dockerfile says about the port and health check: its EXPOSE ports and HEALTHCHECK command
// (the port and path the command reaches), read from the last build stage.
export interface DockerfileFacts {
  exposed: number[];
  healthCheck?: { command: string; port?: number; path?: string };
}

/** Logical lines: continuations (`\` at the end) joined, comments and blank lines dropped. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** The port and path of the first http(s) URL in a command, e.g. `curl -f http://localhost:3000/health`. */
export function urlTarget(command: string): { port?: number; path?: string } {
  const m = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(\/[^\s'"`)]*)?/.exec(
    command,
  );
  if (!m) return {};
  return {
    ...(m[1] === undefined ? {} : { port: Number(m[1]) }),
    path: m[2] ?? '/',
  };
}

export function readDockerfile(text: string): DockerfileFacts {
  const facts: DockerfileFacts = { exposed: [] };
  for (const line of instructions(text)) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    switch (keyword.toUpperCase()) {
      case 'FROM': // a new stage: only the last one is the image that runs
        facts.exposed = [];
        delete facts.healthCheck;
        break;
      case 'EXPOSE':
        for (const spec of rest) {
          const port = Number(spec.split('/')[0]);
          if (Number.isInteger(port)) facts.exposed.push(port);
        }
        break;
      case 'HEALTHCHECK': {
        const cmd = /\bCMD\s+(.*)$/i.exec(args);
        if (/^NONE$/i.test(args.trim()) || !cmd) delete facts.healthCheck;
        else facts.healthCheck = { command: cmd[1]!, ...urlTarget(cmd[1]!) };
        break;
      }
    }
  }
  return facts;
}
