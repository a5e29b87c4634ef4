/**
 * A readable reference page for /api/docs, rendered on the server from the OpenAPI document. No script
 * and no CDN: it works offline and under our strict Content-Security-Policy.
 */
const escapeHtml = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

const schemaBlock = (schema: unknown) =>
  schema ? `<pre><code>${escapeHtml(JSON.stringify(schema, null, 2))}</code></pre>` : '';

export function renderApiReference(doc: {
  info: { title: string; description?: string };
  paths?: object;
}): string {
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  const sections = Object.entries(paths)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const body = op.requestBody?.content?.['application/json']?.schema;
        const responses = Object.entries(op.responses ?? {})
          .map(
            ([status, r]) =>
              `<li><strong>${escapeHtml(status)}</strong> ${escapeHtml(r.description)}${schemaBlock(r.content?.['application/json']?.schema)}</li>`,
          )
          .join('');
        return `<section id="${escapeHtml(`${method}-${path}`)}">
  <h2><span class="m ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h2>
  <p>${escapeHtml(op.summary)}${op.security?.length ? ' <em>(requires a Bearer access token)</em>' : ''}</p>
  ${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
  ${body ? `<h3>Request body</h3>${schemaBlock(body)}` : ''}
  <h3>Responses</h3><ul>${responses}</ul>
</section>`;
      }),
    );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(doc.info.title)} reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
code,pre{font-family:ui-monospace,monospace}pre{background:#f4f4f5;padding:.75rem;overflow:auto;border-radius:6px;font-size:13px}
section{border-top:1px solid #ddd;padding-top:1rem}.m{display:inline-block;min-width:4.5rem;font-size:.8em;padding:.1rem .4rem;border-radius:4px;background:#444;color:#fff}
.get{background:#1d6fb8}.post{background:#23803d}.patch{background:#a86400}.delete{background:#b3261e}</style></head>
<body><h1>${escapeHtml(doc.info.title)}</h1><p>${escapeHtml(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p>${sections.join('\n')}</body></html>`;
}
