/**
 * Helpers that are safe on the server and the client (no "use client"): class-name utilities
 * and the variant functions, for styling a server-rendered element like a component, e.g.
 * `<Link className={buttonVariants({ variant: 'secondary' })}>`.
 */
export { cn } from './lib/cn';
export { badgeVariants } from './components/badge-variants';
export { buttonVariants } from './components/button-variants';
export { inputClasses } from './components/input-classes';
export { initialsOf } from './components/initials';
