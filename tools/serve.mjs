// A static file server for the planner: the page (www/), the npm package (pkg/) and the element
// (web/), from the repository root, on 127.0.0.1 only, with the page's Content-Security-Policy.
// Usage: node tools/serve.mjs [--port 8080]
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const portArg = process.argv.indexOf('--port');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : process.env.PORT ?? 8080);
const host = '127.0.0.1';
const allowed = ['www', 'pkg', 'web'];

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.crt': 'text/plain; charset=utf-8',
  '.pem': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// The policy is the page's own: www/index.html carries it in a <meta http-equiv> so that any
// static host enforces it. This server sends the same policy as a header (for web/ and pkg/ too),
// plus what a <meta> policy cannot carry: frame-ancestors (no framing).
// Everything from this origin; wasm compilation allowed; nothing inline; no network beyond self.
const pageCsp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(readFileSync(join(root, 'www/index.html'), 'utf8'));
if (!pageCsp) throw new Error('www/index.html has no <meta http-equiv="Content-Security-Policy">');
const csp = `${pageCsp[1]}; frame-ancestors 'none'`;

const server = createServer(async (req, res) => {
  const headers = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
  try {
    const url = new URL(req.url ?? '/', `http://${host}`);
    let path = decodeURIComponent(url.pathname);
    if (path === '/' || path === '/index.html') {
      res.writeHead(302, { ...headers, Location: '/www/' });
      return res.end();
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    const top = file.slice(root.length + 1).split(sep)[0];
    if (!file.startsWith(root + sep) || !allowed.includes(top)) {
      res.writeHead(404, headers);
      return res.end('not found');
    }
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    const body = await readFile(file);
    res.writeHead(200, { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, headers);
    res.end('not found');
  }
});

server.listen(port, host, () => {
  console.log(`argocd-tls-planner: http://${host}:${port}/`);
});
