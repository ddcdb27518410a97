import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  loadGuardrailCatalog,
  minifyPolicy,
  parseGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from './guardrails';

describe('guardrail catalog', () => {
  it('loads the repository catalog', async () => {
    const p = resolveGuardrailCatalogPath();
    expect(path.basename(p)).toBe('catalog.yaml');
    const catalog = await loadGuardrailCatalog(p);
    const preventive = catalog
      .filter(g => g.kind === 'preventive')
      .map(g => g.policyName);
    expect(preventive).toEqual([
      'tenant-deny-leave-org',
      'tenant-deny-disable-security-services',
      'tenant-deny-unencrypted-storage',
      'tenant-deny-s3-public-access-changes',
      'tenant-data-residency',
      'tenant-require-mfa-privileged-iam',
    ]);
    expect(
      catalog.find(g => g.id === 'cloudtrail-enabled')?.configRuleName,
    ).toBe('cloudtrail-enabled');
    for (const g of catalog.filter(x => x.kind === 'preventive')) {
      expect(minifyPolicy(g.policyDocument).length).toBeLessThan(5120);
    }
  });

  it('resolves a configured path from the repository root', () => {
    const p = resolveGuardrailCatalogPath(
      new ConfigReader({
        tenancy: { guardrails: { catalogPath: 'guardrails/catalog.yaml' } },
      }),
    );
    expect(p).toBe(resolveGuardrailCatalogPath());
    expect(
      resolveGuardrailCatalogPath(
        new ConfigReader({
          tenancy: { guardrails: { catalogPath: '/etc/g.yaml' } },
        }),
      ),
    ).toBe('/etc/g.yaml');
  });

  it('names the entry and field of an invalid catalog', () => {
    expect(() =>
      parseGuardrailCatalog(
        'guardrails:\n  - id: x\n    title: X\n    why: y\n    kind: preventive\n    severity: high\n',
      ),
    ).toThrow(
      'Invalid guardrail catalog: guardrails.0.policyName: Required; guardrails.0.policyDocument: Required',
    );
    expect(() =>
      parseGuardrailCatalog(
        'guardrails:\n  - {id: a, title: A, why: w, kind: baseline, severity: low}\n  - {id: a, title: A, why: w, kind: baseline, severity: low}\n',
      ),
    ).toThrow('Invalid guardrail catalog: duplicate id a');
  });

  it('minifies policy JSON', () => {
    expect(
      minifyPolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Deny' }] }),
    ).toBe('{"Version":"2012-10-17","Statement":[{"Effect":"Deny"}]}');
  });
});
