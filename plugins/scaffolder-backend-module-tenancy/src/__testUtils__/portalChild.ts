/**
 * The test portal in its own process, so "stopping the backend" can kill it outright (the
 * recovery tests).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

/** Starts `portalProcess.ts` on the sandbox endpoint and SQLite directory; `kill()` is SIGKILL. */
export async function startPortalProcess(endpoint: string, sqliteDir: string) {
  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'portalProcess.ts'),
      endpoint,
      sqliteDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', d => {
      out += String(d);
      const m = /PORTAL (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', code =>
      reject(new Error(`portal process exited with ${code}`)),
    );
  });
  const kill = () =>
    new Promise<void>(resolve => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGKILL');
    });
  return { base, kill };
}
