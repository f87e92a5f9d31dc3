/** The bundler worker: esbuild-wasm over an in-memory file system, rebuilding the app on each request. */
import type { TBundlerRequest } from '../protocol.js';
import { serveRequests } from '../worker-rpc.js';
import { createAppBundler, type TAppBundler } from './bundle-app.js';
import { startEsbuild } from './start-esbuild.js';

let bundler: TAppBundler | null = null;

/** A small app in the shape of a generated one: JSX, TypeScript, CSS, relative imports, an API. */
function warmUpApp(round: number): Record<string, string> {
  const files: Record<string, string> = {
    'index.html': '<!doctype html><html><head><title>Warm-up</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
    'src/main.tsx': "import { createRoot } from 'react-dom/client';\nimport { App } from './App';\nimport './styles.css';\ncreateRoot(document.getElementById('root')!).render(<App />);\n",
    'src/styles.css': '.card { padding: 8px; border: 1px solid #ddd; }\n.list > li { margin: 0 }\n',
    'api/index.ts': "interface Env { DB: { prepare(sql: string): { all(): Promise<unknown> } } }\nexport default { async fetch(request: Request, env: Env) { return Response.json(await env.DB.prepare('SELECT 1').all()); } };\n",
  };
  const names: string[] = [];
  for (let i = 0; i < 6; i++) {
    names.push(`Card${i}`);
    files[`src/components/Card${i}.tsx`] = `import { useState, type ReactNode } from 'react';\ninterface Props { title: string; children?: ReactNode }\nexport function Card${i}({ title, children }: Props) {\n  const [open, setOpen] = useState(${i % 2 === 0});\n  return (<section className="card"><h2 onClick={() => setOpen(!open)}>{title} ${round}</h2>{open && <ul className="list">{[1, 2, 3].map((n) => <li key={n}>{n * ${i}}</li>)}</ul>}{children}</section>);\n}\n`;
  }
  files['src/App.tsx'] = `${names.map((n) => `import { ${n} } from './components/${n}';`).join('\n')}\nexport function App() {\n  return <main>${names.map((n) => `<${n} title="${n}" />`).join('')}</main>;\n}\n`;
  return files;
}

async function compile(url: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // Served without application/wasm: compile from bytes.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`Could not load esbuild.wasm from ${url} (HTTP ${response.status}). Serve @shipyard/preview's dist/assets at assetsBaseUrl.`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

serveRequests<TBundlerRequest>(async (request) => {
  switch (request.op) {
    case 'init': {
      const { esbuild, fs } = await startEsbuild(await compile(request.esbuildWasmUrl));
      if (!bundler) {
        bundler = createAppBundler(esbuild, fs, { runtimeSpecifiers: request.runtimeSpecifiers });
        // esbuild's Go code runs unoptimized until V8 tiers it up: two small builds now make
        // the app's first build faster.
        for (let round = 0; round < 2; round++) await bundler.build(warmUpApp(round));
      }
      return { version: esbuild.version };
    }
    case 'build':
      if (!bundler) throw new Error('The bundler is not initialized.');
      return bundler.build(request.files);
  }
});
