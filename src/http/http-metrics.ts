import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Request count and latency by route template (never the raw URL, which would explode label
 * cardinality), method and status, plus `GET /metrics` in Prometheus text format.
 */
export function registerHttpMetrics(server: FastifyInstance, registry: Registry): void {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'cairn_http_requests_total',
    help: 'HTTP requests answered, by route template and status',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'cairn_http_request_duration_seconds',
    help: 'HTTP request latency, by route template and status',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // prom-client hashes the labels on every call; the labelled children are looked up once per
  // method, route template and status instead (a bounded set: routes are templates, not URLs).
  const children = new Map<string, { requests: Counter.Internal; latency: Histogram.Internal<(typeof labelNames)[number]> }>();
  server.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = children.get(key);
    if (child === undefined) {
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      child = { requests: requests.labels(labels), latency: latency.labels(labels) };
      children.set(key, child);
    }
    child.requests.inc();
    child.latency.observe(reply.elapsedTime / 1000);
    done();
  });

  server.get('/metrics', async (_request, reply) => {
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
