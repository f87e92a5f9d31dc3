// Compile-time check (no runtime code): the hand-written src/index.d.ts and the JSDoc-typed
// src/index.mjs must describe the same functions. `pnpm typecheck` fails when they drift.
import type * as Declared from '@shipyard/prisma-tooling';
import type * as Implemented from './index.mjs';

type Functions<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K];
};

export type ImplementationMatchesDeclaration =
  Functions<typeof Implemented> extends Functions<typeof Declared> ? true : never;
export type DeclarationMatchesImplementation =
  Functions<typeof Declared> extends Functions<typeof Implemented> ? true : never;

export const implementationMatches: ImplementationMatchesDeclaration = true;
export const declarationMatches: DeclarationMatchesImplementation = true;
