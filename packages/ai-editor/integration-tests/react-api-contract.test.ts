/**
 * The builder's adapter must be implementable with the editor router's real outputs: each
 * procedure's output type is checked against the matching TBuilderApi method (tsc fails if the
 * router changes shape), and the error-code helper is checked against the error shape the
 * Shipyard tRPC error formatter produces.
 */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { builderErrorCode, builderErrorMessage, type TBuilderApi, type TGenerationEvent } from '../src/react/api';
import { fixPromptFor, previewProblemsOf } from '../src/react/preview';
import type { AiEditorRouter, TGenerationEvent as TRouterGenerationEvent } from '../src/router/router';

type Out = inferRouterOutputs<AiEditorRouter>;
type In = inferRouterInputs<AiEditorRouter>;
type Result<K extends keyof TBuilderApi> = TBuilderApi[K] extends (...args: never[]) => infer R ? Awaited<R> : never;

describe('TBuilderApi ↔ editor router', () => {
  it('accepts every router output the adapter passes through', () => {
    expectTypeOf<Out['projects']['get']>().toExtend<Result<'getProject'>>();
    expectTypeOf<Out['files']['list']>().toExtend<Result<'listFiles'>>();
    expectTypeOf<Out['files']['readAll']>().toExtend<Result<'readAll'>>();
    expectTypeOf<Out['files']['write']>().toExtend<Result<'writeFiles'>>();
    expectTypeOf<Out['generate']>().toExtend<Result<'generate'>>();
    expectTypeOf<Out['generation']>().toExtend<Result<'getGeneration'>>();
    expectTypeOf<Out['messages']>().toExtend<Result<'listMessages'>>();
    expectTypeOf<Out['versions']['list']>().toExtend<Result<'listVersions'>>();
    expectTypeOf<Out['versions']['diff']>().toExtend<Result<'diffVersions'>>();
    expectTypeOf<Out['versions']['restore']>().toExtend<Result<'restoreVersion'>>();
    expectTypeOf<Out['exportZip']>().toExtend<Result<'exportZip'>>();
    expectTypeOf<Out['importZip']>().toExtend<Result<'importZip'>>();
    expectTypeOf<Out['providers']>().toExtend<Result<'providers'>>();
    expectTypeOf<TRouterGenerationEvent>().toExtend<TGenerationEvent>();
  });

  it('sends inputs the router accepts', () => {
    expectTypeOf<Parameters<TBuilderApi['generate']>[0]['kind']>().toExtend<NonNullable<In['generate']['kind']>>();
    expectTypeOf<Parameters<TBuilderApi['writeFiles']>[0]>().toExtend<Omit<In['files']['write'], 'orgId' | 'projectId'>>();
  });

  it('reads the Shipyard error code from a tRPC client error and from a plain coded error', () => {
    const trpcError = Object.assign(new Error('The project changed since you opened this version.'), {
      data: { code: 'CONFLICT', httpStatus: 409, appCode: 'CONFLICT', zodError: null },
    });
    expect(builderErrorCode(trpcError)).toBe('CONFLICT');
    expect(builderErrorCode(Object.assign(new Error('busy'), { code: 'BUSY' }))).toBe('BUSY');
    expect(builderErrorCode(new Error('plain'))).toBeNull();
    expect(builderErrorCode(null)).toBeNull();
    expect(builderErrorMessage(trpcError)).toBe('The project changed since you opened this version.');
    expect(builderErrorMessage({}, 'fallback')).toBe('fallback');
  });

  it('reads preview problems in the shapes a preview engine emits', () => {
    const problem = { kind: 'build', message: 'Expected ";" but found "}"', file: 'src/App.tsx', line: 12, column: 4 };
    // @shipyard/preview: one flat error event per problem, status events around each build.
    expect(previewProblemsOf({ type: 'error', ...problem, lineText: 'x }' })).toEqual({ type: 'add', problems: [problem] });
    expect(previewProblemsOf({ type: 'status', status: 'building' })).toEqual({ type: 'clear' });
    expect(previewProblemsOf({ type: 'status', status: 'ready' })).toEqual({ type: 'clear' });
    expect(previewProblemsOf({ type: 'status', status: 'error' })).toEqual({ type: 'none' });
    expect(previewProblemsOf({ type: 'rendered', timings: { buildMs: 1, databaseMs: 0, frameMs: 2, totalMs: 3 } })).toEqual({ type: 'none' });
    expect(previewProblemsOf({ type: 'fix-request', problem })).toEqual({ type: 'fix', problem });
    // Close variants.
    expect(previewProblemsOf({ type: 'problem', problem })).toEqual({ type: 'add', problems: [problem] });
    expect(previewProblemsOf({ type: 'problems', problems: [problem] })).toEqual({ type: 'replace', problems: [problem] });
    expect(previewProblemsOf({ type: 'problems', problems: [] })).toEqual({ type: 'clear' });
    expect(previewProblemsOf({ type: 'build-error', message: 'boom', file: 'api/index.ts', line: 3 })).toEqual({
      type: 'add',
      problems: [{ kind: 'build', message: 'boom', file: 'api/index.ts', line: 3, column: null }],
    });
    expect(previewProblemsOf({ type: 'runtime-error', error: { message: 'x is not defined' } })).toEqual({
      type: 'add',
      problems: [{ kind: 'runtime', message: 'x is not defined', file: null, line: null, column: null }],
    });
    expect(previewProblemsOf({ type: 'console', level: 'error', message: 'hi' })).toEqual({ type: 'none' });
    expect(previewProblemsOf({ type: 'error' })).toEqual({ type: 'none' });
    expect(previewProblemsOf('noise')).toEqual({ type: 'none' });
    expect(fixPromptFor(problem)).toBe('Fix this error: Expected ";" but found "}" at src/App.tsx:12');
    expect(fixPromptFor({ ...problem, file: null, line: null })).toBe('Fix this error: Expected ";" but found "}"');
  });
});
