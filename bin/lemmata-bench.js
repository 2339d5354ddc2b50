#!/usr/bin/env node
// Entry point of `npm run bench`: load the TypeScript benchmark runner through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/run.ts');
process.exitCode = await main(process.argv.slice(2));
