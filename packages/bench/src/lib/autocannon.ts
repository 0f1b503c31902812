import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface LoadCase {
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** Concurrent connections (default 20). */
  connections?: number;
  /** Seconds of measured load, after an equal-length-capped warm-up (default 10). */
  duration?: number;
  warmup?: number;
}

function run(c: LoadCase, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: c.url, headers: c.headers, connections: c.connections ?? 20, duration, pipelining: 1 },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

/** Warms the server up (JIT, pools, caches), then measures; only the measured run is reported. */
export async function measure(c: LoadCase): Promise<LoadResult> {
  await run(c, c.warmup ?? 3);
  const r = await run(c, c.duration ?? 10);
  return {
    name: c.name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

export function table(rows: LoadResult[]): string {
  const head = '| case | req/s | p50 ms | p99 ms | errors | non-2xx |\n|---|---:|---:|---:|---:|---:|';
  return [
    head,
    ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`),
  ].join('\n');
}
