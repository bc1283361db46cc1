/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}
nav a{margin-right:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}
code{background:#f3f3f3;padding:0 .2rem}form{display:inline}button{font-size:1rem}.yes{color:#a40}.no{color:#070}`;

/** The page frame every example page shares. `head` is trusted markup (already escaped). */
export function layout(appName: string, title: string, body: string, head = ''): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${head}
<title>${escapeHtml(`${title} · ${appName}`)}</title><style>${STYLE}</style></head>
<body><nav><strong>${escapeHtml(appName)}</strong> <a href="/">Home</a><a href="/call-api">Call the API</a><a href="/cache">Token cache</a><a href="/metrics">Metrics</a></nav>
<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}
