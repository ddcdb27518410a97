import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGuardrailCatalog } from './guardrailCatalogServiceRef';

const CATALOG = `guardrails:
  - id: deny-leave-org
    title: Deny leaving the organization
    why: Tenants stay governed
    severity: high
    kind: threat-detection
`;

describe('createGuardrailCatalog', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the file once and answers the same guardrails to every call', async () => {
    const file = path.join(dir, 'catalog.yaml');
    fs.writeFileSync(file, CATALOG);
    const resolve = jest.fn(() => file);
    const catalog = createGuardrailCatalog(resolve);
    const first = await catalog.list();
    fs.writeFileSync(file, 'guardrails: []\n');
    expect(await catalog.list()).toBe(first);
    expect(first.map(g => g.id)).toEqual(['deny-leave-org']);
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('reads again after a failed read', async () => {
    const file = path.join(dir, 'catalog.yaml');
    const catalog = createGuardrailCatalog(() => file);
    await expect(catalog.list()).rejects.toThrow('ENOENT');
    fs.writeFileSync(file, CATALOG);
    expect((await catalog.list()).map(g => g.id)).toEqual(['deny-leave-org']);
  });
});
