/** One entry of the gateway's docs index (`/docs/json`). */
export interface ServiceDocsEntry {
  name: string;
  docs: string;
  openapi: string;
  health: string;
}

export function docsIndex(serviceNames: string[]): ServiceDocsEntry[] {
  return serviceNames.map((name) => ({
    name,
    // The trailing slash matters: Swagger UI then loads its assets and spec by relative URLs,
    // which stay under /api/<name>/ behind the gateway.
    docs: `/api/${name}/docs/`,
    openapi: `/api/${name}/docs/json`,
    health: `/api/${name}/healthz`,
  }));
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:48rem;padding:0 1rem;color:#222}
h1{color:#b3001b}table{border-collapse:collapse;width:100%}td,th{padding:.4rem .6rem;border-bottom:1px solid #ddd;text-align:left}
a{color:#b3001b}.up{color:#18794e}.down{color:#b3001b}code{background:#f4f4f4;padding:0 .2rem}`;

export function docsPage(entries: ServiceDocsEntry[]): string {
  const rows = entries
    .map((e) => {
      const n = escapeHtml(e.name);
      return `<tr><td><a href="${escapeHtml(e.docs)}">${n}</a></td><td><a href="${escapeHtml(e.openapi)}">OpenAPI JSON</a></td><td class="status" data-health="${escapeHtml(e.health)}">…</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>紅帆 Hongfan · API 文档</title><style>${STYLE}</style></head>
<body>
<h1>紅帆 Hongfan · API 文档 / API docs</h1>
<p>每个服务的接口文档都经由网关提供。Every service's API is served through this gateway under <code>/api/&lt;service&gt;/</code>.</p>
<table>
<thead><tr><th>服务 Service</th><th>规范 Spec</th><th>状态 Status</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p>机器可读索引 Machine-readable index: <a href="/docs/json">/docs/json</a></p>
<script>
for (const cell of document.querySelectorAll('[data-health]')) {
  fetch(cell.dataset.health).then((r) => {
    cell.textContent = r.ok ? '运行中 up' : '异常 ' + r.status;
    cell.className = r.ok ? 'up' : 'down';
  }, () => { cell.textContent = '不可达 down'; cell.className = 'down'; });
}
</script>
</body>
</html>
`;
}

export function consolePlaceholderPage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>紅帆 Hongfan</title><style>${STYLE}</style></head>
<body>
<div id="root">
<h1>紅帆 Hongfan</h1>
<p>控制台尚未构建。The web console is not built yet (no <code>apps/console/dist</code>).</p>
<p>接口可以正常使用 — the API is up: <a href="/docs">API 文档 / API docs</a></p>
</div>
</body>
</html>
`;
}
