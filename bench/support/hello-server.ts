/**
 * Baseline server: raw node:http answering `{}` to everything, in its own process. Run against the
 * same load generator, it shows the ceiling that the client and loopback HTTP impose on their own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ownSession, raisePriority } from './server-process.js';

export interface HelloServer {
  url: string;
  pid: number;
  close(): Promise<void>;
}

export function startHelloServerProcess(): Promise<HelloServer> {
  const path = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(path, ['--serve'], { detached: ownSession(), execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    raisePriority(child.pid);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.once('message', (message: { port: number }) => {
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        pid: child.pid ?? -1,
        async close() {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}

if (process.argv.includes('--serve')) {
  const server = createServer((req, res) => {
    // Drain the body as a real endpoint would, then answer like log-metric does.
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
}
