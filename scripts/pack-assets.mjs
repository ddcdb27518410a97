// Copies repo-level folders into the package being packed (prepack) and removes them again
// (postpack), so a package ships files kept once at the repo root:
//   node ../../scripts/pack-assets.mjs copy templates     (cwd: the package)
//   node ../../scripts/pack-assets.mjs remove templates
// The copies are git-ignored; `files` in the package.json lists them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [mode, ...folders] = process.argv.slice(2);
if (!['copy', 'remove'].includes(mode) || folders.length === 0) {
  console.error('usage: pack-assets.mjs copy|remove <repo folder>...');
  process.exit(2);
}
for (const folder of folders) {
  const target = path.resolve(process.cwd(), folder);
  fs.rmSync(target, { recursive: true, force: true });
  if (mode === 'copy') {
    fs.cpSync(path.join(root, folder), target, { recursive: true });
    console.log(
      `pack-assets: copied ${folder}/ into ${path.relative(
        root,
        process.cwd(),
      )}`,
    );
  }
}
