// Fails when code reads a `tenancy.*` config key that no package's config.d.ts declares, or when
// app-config.yaml / app-config.sandbox.yaml do not validate against the merged config schema.
// The schema is Backstage's own (@backstage/config-loader loadConfigSchema over each plugin's
// `configSchema`); the read keys come from a static scan of every plugin's non-test source:
// full `tenancy.…` literals, `getOptionalConfig('tenancy.x')` sub-configs and the keys read from
// them (directly, through `helper(sub, 'key')` or a local helper closing over the sub-config),
// and template prefixes (`tenancy.health.${key}` needs `tenancy.health` declared as an object).
// Prints the counts and the undeclared keys; exit 1 on any.
import { loadConfigSchema, loadConfig } from '@backstage/config-loader';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = Date.now();

/** String literals naming `tenancy.` things that are not config keys. */
const NOT_CONFIG = [
  /^tenancy\.dev\//,
  /^tenancy\.tenant\./,
  // Events topics (tenants-common `events.ts`), not config.
  /^tenancy\.inventory\.(refreshed|cataloged)$/,
];

const pluginDirs = fs
  .readdirSync(path.join(root, 'plugins'))
  .map(d => path.join(root, 'plugins', d))
  .filter(d => fs.existsSync(path.join(d, 'package.json')));

// 1. The merged schema of every plugin's config.d.ts.
const schema = await loadConfigSchema({
  dependencies: [],
  packagePaths: pluginDirs.map(d => path.join(d, 'package.json')),
  excludePackageDependencies: true,
});
const declared = new Map(); // key -> 'object' | 'leaf'
function walk(node, prefix) {
  if (!node || typeof node !== 'object') return;
  for (const alt of [...(node.anyOf ?? []), ...(node.allOf ?? [])])
    walk(alt, prefix);
  // A map (`{ [source: string]: … }`): any key under it is declared.
  if (
    prefix &&
    node.additionalProperties &&
    typeof node.additionalProperties === 'object'
  ) {
    declared.set(prefix, 'map');
  }
  if (node.properties) {
    if (prefix && declared.get(prefix) !== 'map')
      declared.set(prefix, 'object');
    for (const [k, v] of Object.entries(node.properties)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (!declared.has(key)) declared.set(key, 'leaf');
      walk(v, key);
    }
  }
}
for (const s of schema.serialize().schemas) walk(s.value, '');
const isDeclared = k =>
  declared.has(k) || declared.get(k.slice(0, k.lastIndexOf('.'))) === 'map';

// 2. The keys the code reads.
const reads = new Map(); // key -> first place
const prefixes = new Map();
const add = (m, k, where) => m.has(k) || m.set(k, where);
const KEY = `[a-z][A-Za-z0-9]*(?:\\.[a-z][A-Za-z0-9]*)*`;
function* sources(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '__testUtils__' && e.name !== 'node_modules')
        yield* sources(p);
    } else if (
      /\.tsx?$/.test(e.name) &&
      !/\.(test|d)\.tsx?$|\.sandbox\.|setupTests/.test(e.name)
    ) {
      yield p;
    }
  }
}
for (const dir of pluginDirs) {
  const src = path.join(dir, 'src');
  if (!fs.existsSync(src)) continue;
  for (const file of sources(src)) {
    const text = fs.readFileSync(file, 'utf8');
    const where = path.relative(root, file);
    for (const m of text.matchAll(/['"`](tenancy\.[A-Za-z0-9_.\/]*)(\$\{)?/g)) {
      const k = m[1].replace(/\.$/, '');
      if (NOT_CONFIG.some(r => r.test(m[1]))) continue;
      if (m[2] || m[1].endsWith('.')) add(prefixes, k, where);
      else add(reads, k, where);
    }
    // sub-configs: const v = config.getOptionalConfig('tenancy.vending')
    for (const b of text.matchAll(
      /(?:const|let)\s+(\w+)\s*=\s*\w+\.(?:getOptionalConfig|getConfig)\(\s*['"`](tenancy[A-Za-z0-9_.]*)['"`]/g,
    )) {
      const [, v, prefix] = b;
      const direct = new RegExp(
        `\\b${v}\\??\\.(?:get\\w*|has)(?:<[^>]*>)?\\(\\s*['"\`](${KEY})['"\`]`,
        'g',
      );
      const passed = new RegExp(
        `\\w+\\(\\s*${v}\\s*,\\s*(?:\\{\\s*key:\\s*)?['"\`](${KEY})['"\`]`,
        'g',
      );
      for (const m of text.matchAll(direct))
        add(reads, `${prefix}.${m[1]}`, where);
      for (const m of text.matchAll(passed))
        add(reads, `${prefix}.${m[1]}`, where);
      // local helpers closing over the sub-config: const seconds = (key: string, …) => … v?.get…(key)
      for (const h of text.matchAll(
        /const\s+(\w+)\s*=\s*\(\s*key\s*:\s*string[^)]*\)\s*=>/g,
      )) {
        const body = text.slice(h.index, h.index + 400);
        if (!new RegExp(`\\b${v}\\??\\.get\\w*\\(\\s*key\\b`).test(body))
          continue;
        const call = new RegExp(`\\b${h[1]}\\(\\s*['"\`](${KEY})['"\`]`, 'g');
        for (const m of text.matchAll(call))
          add(reads, `${prefix}.${m[1]}`, where);
      }
    }
  }
}

const problems = [];
for (const [k, where] of reads) {
  if (!isDeclared(k))
    problems.push(`undeclared config key ${k} (read in ${where})`);
}
for (const [k, where] of prefixes) {
  if (!['object', 'map'].includes(declared.get(k))) {
    problems.push(
      `undeclared config object ${k} (keys under it read in ${where})`,
    );
  }
}

// 3. The repo's app configs validate against the merged schema, and every tenancy.* key they set is declared.
const { appConfigs } = await loadConfig({
  configRoot: root,
  configTargets: ['app-config.yaml', 'app-config.sandbox.yaml'].map(p => ({
    path: path.join(root, p),
  })),
  env: {},
});
try {
  schema.process(appConfigs, { ignoreSchemaErrors: false });
} catch (e) {
  problems.push(`app config does not match the schema: ${e.message}`);
}
function setKeys(obj, prefix, out) {
  for (const [k, v] of Object.entries(obj ?? {})) {
    const key = `${prefix}.${k}`;
    out.push(key);
    if (
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      declared.get(key) === 'object'
    ) {
      setKeys(v, key, out);
    }
  }
  return out;
}
for (const c of appConfigs) {
  for (const k of setKeys(c.data.tenancy, 'tenancy', [])) {
    if (!isDeclared(k)) problems.push(`${c.context}: sets undeclared key ${k}`);
  }
}

const declaredTenancy = [...declared.keys()].filter(k =>
  k.startsWith('tenancy.'),
);
console.log(
  `config keys: ${declaredTenancy.length} tenancy.* keys declared (${declared.size} in all), ` +
    `${reads.size} read keys and ${prefixes.size} read prefixes checked, ` +
    `${appConfigs.length} app configs validated, ${
      problems.length
    } problems (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
);
for (const p of problems) console.log(`  ${p}`);
process.exit(problems.length ? 1 : 0);
