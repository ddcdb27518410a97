/**
 * Runs the test portal in its own process (for the recovery test, which kills it):
 * `node --require @backstage/cli/config/nodeTransform.cjs portalProcess.ts <endpoint> <sqliteDir>`
 * prints `PORTAL <baseUrl>` once the template is in the catalog.
 */
import { startPortal } from './portal';

async function main() {
  const [endpoint, sqliteDir] = process.argv.slice(2);
  const { base } = await startPortal(endpoint, sqliteDir);
  process.stdout.write(`PORTAL ${base}\n`);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
