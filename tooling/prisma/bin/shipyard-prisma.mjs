#!/usr/bin/env node
import { main } from '../src/cli.mjs';

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error('shipyard-prisma: unexpected error —', error);
  process.exitCode = 1;
}
