import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';

// Upper bounds in seconds; dense under 10 ms because that is where the checks are meant to answer.
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  labels: string;
  count: number;
  sum: number;
  buckets: number[];
}

/** Counters the app exposes at `GET /metrics`, in the Prometheus text format. */
export interface Metrics {
  /** Records one answered request under its route template (never the raw URL, to bound cardinality). */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** Counts one answered check (`rollback`, `can-i-deploy`) by its verdict. */
  countCheck(check: string, verdict: 'safe' | 'refused'): void;
  /** Renders every series; `stored` gives the number of contracts per kind at scrape time. */
  render(stored: Record<string, number>): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelSet(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
    .join(',');
}

/** Creates an empty set of metrics (one per app, so tests never share counters). */
export function createMetrics(): Metrics {
  const requests = new Map<string, Series>();
  const checks = new Map<string, number>();

  return {
    countCheck(check, verdict) {
      const key = labelSet({ check, verdict });
      checks.set(key, (checks.get(key) ?? 0) + 1);
    },
    render(stored) {
      const lines: string[] = [];
      lines.push('# HELP rollgate_http_requests_total HTTP requests answered, by route and status.');
      lines.push('# TYPE rollgate_http_requests_total counter');
      for (const series of requests.values()) lines.push(`rollgate_http_requests_total{${series.labels}} ${series.count}`);
      lines.push('# HELP rollgate_http_request_duration_seconds Time to answer an HTTP request, by route and status.');
      lines.push('# TYPE rollgate_http_request_duration_seconds histogram');
      for (const series of requests.values()) {
        BUCKETS.forEach((bound, index) => {
          lines.push(`rollgate_http_request_duration_seconds_bucket{${series.labels},le="${bound}"} ${series.buckets[index]}`);
        });
        lines.push(`rollgate_http_request_duration_seconds_bucket{${series.labels},le="+Inf"} ${series.count}`);
        lines.push(`rollgate_http_request_duration_seconds_sum{${series.labels}} ${series.sum}`);
        lines.push(`rollgate_http_request_duration_seconds_count{${series.labels}} ${series.count}`);
      }
      lines.push('# HELP rollgate_checks_total Rollback and deploy checks answered, by verdict.');
      lines.push('# TYPE rollgate_checks_total counter');
      for (const [labels, count] of checks) lines.push(`rollgate_checks_total{${labels}} ${count}`);
      lines.push('# HELP rollgate_contracts_stored Distinct contracts in the store, by kind.');
      lines.push('# TYPE rollgate_contracts_stored gauge');
      for (const [kind, count] of Object.entries(stored)) lines.push(`rollgate_contracts_stored{${labelSet({ kind })}} ${count}`);
      return `${lines.join('\n')}\n`;
    },
    observe(method, route, status, seconds) {
      const labels = labelSet({ method, route, status: String(status) });
      let series = requests.get(labels);
      if (!series) {
        series = { labels, count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
        requests.set(labels, series);
      }
      series.count += 1;
      series.sum += seconds;
      for (let index = 0; index < BUCKETS.length; index += 1) {
        if (seconds <= (BUCKETS[index] as number)) series.buckets[index] = (series.buckets[index] as number) + 1;
      }
    },
  };
}

const metricsPlugin: FastifyPluginAsync<{ metrics?: Metrics }> = async (app, options) => {
  app.decorate('metrics', options.metrics ?? createMetrics());
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    app.metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
};

/** Decorates the app with `metrics` and times every response. */
export default fp(metricsPlugin, { name: 'rollgate-metrics' });
