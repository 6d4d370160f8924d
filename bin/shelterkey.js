#!/usr/bin/env node
// The `shelterkey` command. Runs the TypeScript sources directly through tsx, so the command
// line always matches the code beside it with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
