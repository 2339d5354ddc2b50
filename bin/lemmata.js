#!/usr/bin/env node
// Entry point: load TypeScript sources through tsx so that there is no build step to go stale.
import { register } from 'tsx/esm/api';

// `lemmata list | head` closes the pipe early: stop quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
