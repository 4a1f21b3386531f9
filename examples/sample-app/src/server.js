// Starts the sample API on PORT (3000 by default, the port its Dockerfile exposes and its task
// definitions map) and stops cleanly on SIGTERM, which ECS sends before it kills a task.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { handler } from './app.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const version = process.env.APP_VERSION || pkg.version;
const port = Number(process.env.PORT || 3000);

const server = http.createServer(handler({ version }));
server.listen(port, '0.0.0.0', () => console.log(`sample-app ${version} listening on ${port}`));

for (const signal of ['SIGTERM', 'SIGINT'])
  process.once(signal, () => {
    console.log(`${signal}: closing`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
