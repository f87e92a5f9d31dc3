import { describe, expect, it } from 'vitest';
import { readD1Request, readFrameMessage, readProblem } from './protocol.js';

describe('messages from the frame are validated', () => {
  it('keeps known fields of a problem and drops the rest', () => {
    expect(readProblem({ kind: 'runtime', message: 'x', file: 'src/App.tsx', line: 3, column: 0, evil: '<script>', stack: 1 })).toEqual({
      kind: 'runtime',
      message: 'x',
      file: 'src/App.tsx',
      line: 3,
      column: null,
    });
    expect(readProblem({ kind: 'nope', message: 'x' })).toBeNull();
    expect(readProblem({ kind: 'build' })).toBeNull();
    expect(readProblem({ kind: 'build', message: 'm'.repeat(50_000) })?.message).toHaveLength(20_000);
  });

  it('accepts protocol messages and refuses anything else', () => {
    expect(readFrameMessage({ type: 'location', path: '/tasks' })).toEqual({ type: 'location', path: '/tasks' });
    expect(readFrameMessage({ type: 'location', path: 'javascript:alert(1)' })).toBeNull();
    expect(readFrameMessage({ type: 'console', level: 'warn', message: 'hi' })).toEqual({ type: 'console', level: 'warn', message: 'hi' });
    expect(readFrameMessage({ type: 'console', level: 'trace', message: 'hi' })).toBeNull();
    expect(readFrameMessage({ type: 'loaded', id: 2, ok: true, evaluateMs: 'x' })).toEqual({ type: 'loaded', id: 2, ok: true, evaluateMs: 0, renderMs: 0 });
    expect(readFrameMessage({ type: 'fix-request', problem: { kind: 'render', message: 'm' } })).toMatchObject({ type: 'fix-request' });
    expect(readFrameMessage({ type: 'eval', code: '1' })).toBeNull();
    expect(readFrameMessage('loaded')).toBeNull();
    expect(readFrameMessage(null)).toBeNull();
  });

  it('accepts D1 requests only in their documented shapes', () => {
    expect(readD1Request({ op: 'statement', statement: { sql: 'SELECT 1', params: [] }, mode: 'first', column: 'a' })).toEqual({
      op: 'statement',
      statement: { sql: 'SELECT 1', params: [] },
      mode: 'first',
      column: 'a',
    });
    expect(readD1Request({ op: 'statement', statement: { sql: 'SELECT 1', params: [] }, mode: 'drop' })).toBeNull();
    expect(readD1Request({ op: 'batch', statements: [{ sql: 'SELECT 1', params: [] }, { sql: 2 }] })).toBeNull();
    expect(readD1Request({ op: 'exec', sql: 'SELECT 1' })).toEqual({ op: 'exec', sql: 'SELECT 1' });
    expect(readD1Request({ op: 'export' })).toBeNull();
  });
});
