// A minimal npm registry on 127.0.0.1 serving the packed Tenancy tarballs, so the install check
// runs the READMEs' `yarn add @tenancy/…` commands as an adopter would after a publish. It
// answers the packument (GET /<name>) and the tarball (GET /<name>/-/<file>.tgz) of every
// `*.tgz` in a folder; everything else is a 404. Yarn reaches it through `npmScopes.tenancy`.
//   node scripts/install-check/registry.mjs <folder of tarballs> [port]
// Prints `http://127.0.0.1:<port>` as its first line.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const [folder, portArg = '0'] = process.argv.slice(2);
if (!folder) {
  console.error('usage: registry.mjs <folder of tarballs> [port]');
  process.exit(2);
}

/** The package.json inside a gzipped npm tarball (`package/package.json`). */
function manifestOf(tgz) {
  const tar = gunzipSync(tgz);
  for (let at = 0; at + 512 <= tar.length; ) {
    const name = tar.toString('utf8', at, at + 100).replace(/\0.*$/s, '');
    const size = parseInt(tar.toString('utf8', at + 124, at + 136).trim(), 8);
    if (!name) break;
    if (name === 'package/package.json') {
      return JSON.parse(tar.toString('utf8', at + 512, at + 512 + size));
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error('no package/package.json in the tarball');
}

const published = new Date().toISOString();
const packages = new Map();
for (const file of readdirSync(folder).filter(f => f.endsWith('.tgz'))) {
  const tgz = readFileSync(join(folder, file));
  const manifest = manifestOf(tgz);
  const tarballName = `${manifest.name.split('/').pop()}-${
    manifest.version
  }.tgz`;
  packages.set(manifest.name, { manifest, tgz, tarballName });
}

function packument({ manifest, tarballName }, baseUrl, tgz) {
  const { name, version } = manifest;
  return {
    name,
    'dist-tags': { latest: version },
    time: { created: published, modified: published, [version]: published },
    versions: {
      [version]: {
        ...manifest,
        _id: `${name}@${version}`,
        dist: {
          tarball: `${baseUrl}/${name}/-/${tarballName}`,
          shasum: createHash('sha1').update(tgz).digest('hex'),
          integrity: `sha512-${createHash('sha512')
            .update(tgz)
            .digest('base64')}`,
        },
      },
    },
  };
}

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [, name, file] = path.match(/^\/(@[^/]+\/[^/]+)(?:\/-\/(.+))?$/) ?? [];
  const pkg = name && packages.get(name);
  if (!pkg || (file && file !== pkg.tarballName)) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
    return;
  }
  if (file) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(pkg.tgz);
    return;
  }
  const baseUrl = `http://${req.headers.host}`;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(packument(pkg, baseUrl, pkg.tgz)));
});
server.listen(Number(portArg), '127.0.0.1', () => {
  console.log(`http://127.0.0.1:${server.address().port}`);
  console.log(`registry: ${[...packages.keys()].join(', ')}`);
});
