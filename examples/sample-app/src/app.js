// The sample API's routes: /health (the load balancer's and ECS's check, reporting the version) and
// a small read-only catalogue under /api/items. No dependencies: Node's http module only.
import { Buffer } from 'node:buffer';

const ITEMS = [
  { id: 1, name: 'espresso', priceCents: 250 },
  { id: 2, name: 'flat white', priceCents: 380 },
  { id: 3, name: 'filter', priceCents: 300 },
];

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The request handler; `version` is what /health reports (the pipeline sets APP_VERSION to the commit). */
export function handler({ version, startedAt = Date.now() }) {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
    if (url.pathname === '/health')
      return send(res, 200, {
        status: 'ok',
        version,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      });
    if (url.pathname === '/api/items') return send(res, 200, { items: ITEMS });
    const item = /^\/api\/items\/(\d+)$/.exec(url.pathname);
    if (item) {
      const found = ITEMS.find((i) => i.id === Number(item[1]));
      return found ? send(res, 200, found) : send(res, 404, { error: `no item ${item[1]}` });
    }
    return send(res, 404, { error: `no route ${url.pathname}` });
  };
}
