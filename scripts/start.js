// `npm start`: builds the app if it has not been built, then runs the server on PORT (8080).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtApp = new URL('../dist/index.html', import.meta.url);

if (!existsSync(builtApp)) {
  console.log('Building the app (first start only)…');
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// A newcomer's first run: the training JPKI hierarchy is trusted so training cards check in.
// A real deployment sets SHELTERKEY_MODE=production (or runs `npx shelterkey serve`).
process.env.SHELTERKEY_MODE ||= 'training';

const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(['serve', ...process.argv.slice(2)]);
