import { describe, expect, it } from 'vitest';
import { collectRuntimeUsage, parseImportStatement } from './runtime-imports.js';

describe('parseImportStatement', () => {
  it.each([
    ['import "react";', [], false],
    ['import React from "react";', ['default'], false],
    ['import * as React from "react";', [], true],
    ['import { useState, useEffect as effect } from "react";', ['useState', 'useEffect'], false],
    ['import React, { useState } from "react";', ['default', 'useState'], false],
    ['import React2, * as ns from "react";', ['default'], true],
    ['import { default as R } from "react";', ['default'], false],
    ['export * from "recharts";', [], true],
    ['export * as charts from "recharts";', [], true],
    ['export { Bar as B, Line } from "recharts";', ['Bar', 'Line'], false],
  ])('%s', (statement, names, whole) => {
    expect(parseImportStatement(statement)).toEqual({ names, whole });
  });

  it('refuses forms it does not understand', () => {
    expect(parseImportStatement('import { "a-b" as x } from "react";')).toBeNull();
    expect(parseImportStatement('import defer * as x from "react";')).toBeNull();
  });
});

describe('collectRuntimeUsage', () => {
  const external = new Set(['react', 'react/jsx-runtime', 'recharts', 'lucide-react']);

  it('merges the imports of every output file, ignoring code that only looks like an import', async () => {
    const app = [
      '// app:src/main.tsx',
      'import { useState } from "react";',
      'import { jsx } from "react/jsx-runtime";',
      'import { helper } from "./chunk-ABC.js";',
      'var text = `',
      'import { Fake } from "react";',
      '`;',
      'console.log(useState, jsx, helper, text);',
    ].join('\n');
    const chunk = 'import React, { useEffect } from "react";\nimport * as Icons from "lucide-react";\nexport const helper = [React, useEffect, Icons];\n';
    const result = await collectRuntimeUsage(
      [
        { path: '/out/app.js', text: app },
        { path: '/out/chunk-ABC.js', text: chunk },
        { path: '/out/app.css', text: '@import "react";' },
      ],
      external,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.usage.keys()].sort()).toEqual(['lucide-react', 'react', 'react/jsx-runtime']);
    expect(result.usage.get('react')).toEqual({ names: new Set(['useState', 'default', 'useEffect']), whole: false });
    expect(result.usage.get('lucide-react')).toEqual({ names: new Set(), whole: true });
  });

  it('needs the whole module for a specifier loaded with require()', async () => {
    const result = await collectRuntimeUsage([{ path: '/out/app.js', text: 'import { Bar } from "recharts";\n' }], external, new Set(['recharts', 'react']));
    expect(result.ok && result.usage.get('recharts')).toEqual({ names: new Set(['Bar']), whole: true });
    expect(result.ok && result.usage.get('react')).toEqual({ names: new Set(), whole: true });
  });

  it('declines a dynamic import() of a runtime package (it is bundled inline, loaded on demand)', async () => {
    const result = await collectRuntimeUsage([{ path: '/out/app.js', text: 'export const load = () => import("recharts");\n' }], external);
    expect(result).toEqual({ ok: false, reason: 'import("recharts") loads a runtime package on demand' });
  });

  it('ignores imports of anything that was not an external runtime package', async () => {
    const result = await collectRuntimeUsage([{ path: '/out/app.js', text: 'import "/logo.svg";\nimport x from "./chunk.js";\nconsole.log(x, import.meta.url);\n' }], external);
    expect(result.ok && result.usage.size).toBe(0);
  });
});
