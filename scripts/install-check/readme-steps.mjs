// Applies the install steps of the Tenancy READMEs to a Backstage app made by create-app, as
// written, so a wrong or missing step fails the install check:
//   node scripts/install-check/readme-steps.mjs <app dir>
// From each README's "Install" section (up to the next heading of its level or above):
// - every `yarn --cwd packages/<pkg> add …` command is run in the app (inline code or a shell
//   block, `\` continuations joined);
// - every `backend.add(import('…'));` line goes into packages/backend/src/index.ts before
//   `backend.start();` (once);
// - every YAML block is merged into app-config.yaml (objects merged, lists appended without
//   duplicates).
// From the frontend README's new-frontend-system section: the default import from
// `@tenancy/plugin-tenants/alpha` goes into packages/app/src/App.tsx and into `features: [`.
// Prints one line per step applied; exits non-zero when a README has no such step.
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

const ROOT = resolve(import.meta.dirname, '..', '..');
const [appArg] = process.argv.slice(2);
if (!appArg) {
  console.error('usage: readme-steps.mjs <app dir>');
  process.exit(2);
}
const APP = resolve(appArg);
const BACKEND_READMES = [
  'plugins/tenants-backend/README.md',
  'plugins/catalog-backend-module-tenants/README.md',
  'plugins/scaffolder-backend-module-tenancy/README.md',
];
const FRONTEND_README = 'plugins/tenants/README.md';

/** The text of the first section whose heading matches `title`, up to the next one as high. */
export function section(markdown, title) {
  const lines = markdown.split('\n');
  let fenced = false;
  const heading = lines.map(l => {
    if (/^ *```/.test(l)) fenced = !fenced;
    return fenced ? 0 : l.match(/^(#{1,6}) /)?.[1].length ?? 0;
  });
  const start = lines.findIndex((l, i) => heading[i] >= 2 && title.test(l));
  if (start < 0) return undefined;
  const end = heading.findIndex(
    (h, i) => i > start && h > 0 && h <= heading[start],
  );
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The fenced code blocks of `text` as `{ lang, body }`. */
export function codeBlocks(text) {
  return [...text.matchAll(/^( *)```(\w*)\n([\s\S]*?)^ *```/gm)].map(m => ({
    lang: m[2],
    body: m[3].replace(new RegExp(`^ {0,${m[1].length}}`, 'gm'), ''),
  }));
}

/** Merges `value` into the YAML document at `path`: maps merged, lists appended without duplicates. */
function mergeIn(doc, path, value) {
  const current = doc.getIn(path, true);
  if (Array.isArray(value) && YAML.isSeq(current)) {
    const seen = new Set(current.toJSON().map(v => JSON.stringify(v)));
    for (const v of value.filter(i => !seen.has(JSON.stringify(i)))) {
      doc.addIn(path, v);
    }
  } else if (value && typeof value === 'object' && YAML.isMap(current)) {
    for (const [k, v] of Object.entries(value)) mergeIn(doc, [...path, k], v);
  } else {
    doc.setIn(path, value);
  }
}

function step(what) {
  console.log(`readme-steps: ${what}`);
}

function applyInstallSection(readme) {
  const text = section(readFileSync(join(ROOT, readme), 'utf8'), /Install/);
  if (!text) throw new Error(`${readme} has no Install section`);
  const commands = text.replace(/ *\\\n */g, ' ');
  const adds = [
    ...new Set(
      commands.match(/yarn --cwd packages\/[\w-]+ add [^`\n]+/g) ?? [],
    ),
  ];
  if (adds.length === 0) throw new Error(`${readme}: no yarn add command`);
  for (const cmd of adds) {
    step(`${readme}: ${cmd}`);
    execSync(cmd, { cwd: APP, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const indexPath = join(APP, 'packages/backend/src/index.ts');
  let index = readFileSync(indexPath, 'utf8');
  const blocks = codeBlocks(text);
  for (const line of blocks
    .filter(b => /^tsx?$/.test(b.lang))
    .flatMap(
      b => b.body.match(/^backend\.add\(import\('[^']+'\)\);$/gm) ?? [],
    )) {
    if (index.includes(line)) continue;
    step(`${readme}: ${line}`);
    index = index.replace(/^backend\.start\(\);$/m, `${line}\n$&`);
  }
  writeFileSync(indexPath, index);
  const configPath = join(APP, 'app-config.yaml');
  const config = YAML.parseDocument(readFileSync(configPath, 'utf8'));
  for (const block of blocks.filter(b => b.lang === 'yaml')) {
    const value = YAML.parse(block.body);
    step(`${readme}: app-config.yaml += ${Object.keys(value)}`);
    mergeIn(config, [], value);
  }
  writeFileSync(configPath, config.toString());
}

function applyNewFrontendSystem(readme) {
  const markdown = readFileSync(join(ROOT, readme), 'utf8');
  applyInstallSection(readme);
  const text = section(markdown, /new frontend system/i);
  const [, name] =
    text?.match(/^import (\w+) from '@tenancy\/plugin-tenants\/alpha';$/m) ??
    [];
  if (!name) {
    throw new Error(
      `${readme}: no default import from @tenancy/plugin-tenants/alpha`,
    );
  }
  const appPath = join(APP, 'packages/app/src/App.tsx');
  const app = readFileSync(appPath, 'utf8');
  if (!/features: \[/.test(app)) throw new Error('App.tsx has no features: [');
  step(`${readme}: App.tsx features += ${name}`);
  writeFileSync(
    appPath,
    `import ${name} from '@tenancy/plugin-tenants/alpha';\n${app.replace(
      /features: \[/,
      `$&${name}, `,
    )}`,
  );
}

try {
  for (const readme of BACKEND_READMES) applyInstallSection(readme);
  applyNewFrontendSystem(FRONTEND_README);
} catch (e) {
  console.error(`readme-steps: ${e.message}`);
  process.exit(1);
}
