import { describe, expect, it } from 'vitest';
import { formatFrames, mapFrames, ModuleMap, parseStack } from './stack.js';

// A source map for a two-line bundle whose line 2 comes from src/App.tsx line 7, column 3 (VLQ "AAMA" on line 2).
const MAP = JSON.stringify({ version: 3, sources: ['src/App.tsx'], names: [], mappings: ';AAMA' });

describe('stack mapping', () => {
  it('parses Chromium stack frames with and without function names', () => {
    const stack = 'Error: boom\n    at Dashboard (blob:null/abc:2:5)\n    at blob:null/abc:2:1\n    at rd (http://x/runtime/react-dom_client-GAHAVFWL.js:99:803)';
    expect(parseStack(stack)).toEqual([
      { fn: 'Dashboard', url: 'blob:null/abc', line: 2, column: 5 },
      { fn: '', url: 'blob:null/abc', line: 2, column: 1 },
      { fn: 'rd', url: 'http://x/runtime/react-dom_client-GAHAVFWL.js', line: 99, column: 803 },
    ]);
  });

  it('maps app frames to project files and folds runtime frames', () => {
    const maps = new Map([['blob:null/abc', new ModuleMap(MAP)]]);
    const frames = mapFrames(
      parseStack('Error\n    at Dashboard (blob:null/abc:2:1)\n    at rd (http://x/runtime/react-dom_client-GAHAVFWL.js:1:2)\n    at Vd (http://x/runtime/react-dom_client-GAHAVFWL.js:3:4)'),
      maps,
    );
    expect(frames[0]).toEqual({ fn: 'Dashboard', file: 'src/App.tsx', line: 7, column: 1, inApp: true });
    expect(frames[1]).toMatchObject({ file: 'react-dom_client', inApp: false });
    expect(formatFrames(frames)).toBe('    at Dashboard (src/App.tsx:7:1)\n    … 2 frames in react-dom_client');
  });

  it('leaves frames of unknown modules unmapped', () => {
    expect(new ModuleMap('').original(1, 1)).toBeNull();
    expect(mapFrames([{ fn: 'f', url: 'blob:null/other', line: 1, column: 1 }], new Map())[0]).toMatchObject({ inApp: false });
  });
});
