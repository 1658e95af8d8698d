import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PrometheusServingObserver } from '../../src/http/serving-metrics.js';

describe('PrometheusServingObserver', () => {
  it('counts requests by status and observes latency and batch sizes per deployment and version', async () => {
    const registry = new Registry();
    const observer = new PrometheusServingObserver(registry);
    observer.request({ deployment: 'scorer', model: 'clf', version: '2', ok: true, latencyMs: 3 });
    observer.request({ deployment: 'scorer', model: 'clf', version: '2', ok: true, latencyMs: 700 });
    observer.request({ deployment: 'scorer', model: 'clf', version: '2', ok: false, latencyMs: 1 });
    observer.batch({ deployment: 'scorer', model: 'clf', version: '2', size: 3 });
    const text = await registry.metrics();
    expect(text).toContain('cairn_inference_requests_total{deployment="scorer",model="clf",version="2",status="ok"} 2');
    expect(text).toContain('cairn_inference_requests_total{deployment="scorer",model="clf",version="2",status="error"} 1');
    expect(text).toContain('cairn_inference_latency_seconds_bucket{le="0.005",deployment="scorer",model="clf",version="2"} 2');
    expect(text).toContain('cairn_inference_latency_seconds_bucket{le="1",deployment="scorer",model="clf",version="2"} 3');
    expect(text).toContain('cairn_inference_latency_seconds_count{deployment="scorer",model="clf",version="2"} 3');
    expect(text).toContain('cairn_inference_batch_size_bucket{le="2",deployment="scorer",model="clf",version="2"} 0');
    expect(text).toContain('cairn_inference_batch_size_bucket{le="4",deployment="scorer",model="clf",version="2"} 1');
    expect(text).toContain('cairn_inference_batch_size_bucket{le="1024",deployment="scorer",model="clf",version="2"} 1');
  });

  it('counts failures of names that never answered under one _unknown series', async () => {
    const registry = new Registry();
    const observer = new PrometheusServingObserver(registry);
    for (const name of ['typo-1', 'typo-2', 'typo-3']) observer.request({ deployment: name, model: '', version: '', ok: false, latencyMs: 0.2 });
    observer.request({ deployment: 'scorer', model: 'clf', version: '1', ok: true, latencyMs: 1 });
    observer.request({ deployment: 'scorer', model: '', version: '', ok: false, latencyMs: 1 });
    const text = await registry.metrics();
    expect(text).toContain('cairn_inference_requests_total{deployment="_unknown",model="",version="",status="error"} 3');
    expect(text).toContain('cairn_inference_requests_total{deployment="scorer",model="",version="",status="error"} 1');
    expect(text).not.toContain('typo');
  });

  it('sends label sets past its cap to one _overflow series', async () => {
    const registry = new Registry();
    const observer = new PrometheusServingObserver(registry, 2);
    for (const version of ['1', '2', '3', '4']) observer.request({ deployment: 'scorer', model: 'clf', version, ok: true, latencyMs: 1 });
    const text = await registry.metrics();
    expect(text).toContain('version="2",status="ok"} 1');
    expect(text).not.toContain('version="3"');
    expect(text).toContain('cairn_inference_requests_total{deployment="_overflow",model="",version="",status="ok"} 2');
  });
});
