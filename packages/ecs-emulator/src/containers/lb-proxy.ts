// The stand-in load balancer's path to a real container: the request as it came (method, headers,
// body, query) to the container's published port, its answer back with the balancer's headers.
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { sendJson } from '../http-util.js';
import type { Task } from '../model.js';
import type { ContainerRuntime } from './container-runtime.js';

export type TargetProxy = (
  task: Task,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  headers: Record<string, string>,
) => boolean;

/** Forwards to the task's container; false when the task has no container (simulated). */
export function containerProxy(runtime: ContainerRuntime): TargetProxy {
  return (task, req, res, path, headers) => {
    const record = runtime.record(task.arn);
    if (!record) return false;
    const query = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
    if (record.hostPort === undefined) {
      req.resume();
      sendJson(
        res,
        502,
        { message: `502 Bad Gateway: task ${task.id} publishes no port for the load balancer` },
        headers,
      );
      return true;
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: record.hostPort,
        method: req.method,
        path: `${path}${query}`,
        headers: { ...req.headers, host: `127.0.0.1:${record.hostPort}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...headers });
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) return res.destroy();
      sendJson(
        res,
        502,
        { message: `502 Bad Gateway: task ${task.id} did not answer (${error.message})` },
        headers,
      );
    });
    req.pipe(upstream);
    return true;
  };
}
