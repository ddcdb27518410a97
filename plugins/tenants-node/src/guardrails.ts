import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const severity = z.enum(['low', 'medium', 'high', 'critical']);
const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: lowercase kebab-case'),
  title: z.string().min(1),
  why: z.string().min(1),
  severity,
};
const policyDocument = z
  .object({
    Version: z.string(),
    Statement: z.array(z.record(z.unknown())).min(1),
  })
  .passthrough();

const guardrailSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('preventive'),
    policyName: z
      .string()
      .regex(/^[\w+=,.@-]{1,128}$/, 'policyName: 1-128 chars [\\w+=,.@-]'),
    policyDocument,
  }),
  z.object({
    ...base,
    kind: z.literal('detective'),
    configRuleName: z.string().min(1),
  }),
  z.object({ ...base, kind: z.literal('threat-detection') }),
  z.object({ ...base, kind: z.literal('baseline') }),
]);

const catalogSchema = z.object({ guardrails: z.array(guardrailSchema) });

/**
 * Reads and validates the central guardrail catalog (`guardrails/catalog.yaml`).
 *
 * @param catalogPath - absolute path of the YAML file
 * @returns the guardrails in file order
 * @throws InputError naming the entry and field when the file is not a valid catalog, or when
 *   two entries share an id or a policyName; Error (ENOENT) when the file is missing.
 * @public
 */
export async function loadGuardrailCatalog(
  catalogPath: string,
): Promise<Guardrail[]> {
  const text = await fs.promises.readFile(catalogPath, 'utf8');
  return parseGuardrailCatalog(text, catalogPath);
}

/**
 * Validates catalog YAML text; see {@link loadGuardrailCatalog}.
 * @public
 */
export function parseGuardrailCatalog(
  text: string,
  source = 'guardrail catalog',
): Guardrail[] {
  const parsed = catalogSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map(i => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${source}: ${issues}`);
  }
  const seen = new Set<string>();
  for (const g of parsed.data.guardrails) {
    const keys = [`id ${g.id}`];
    if (g.kind === 'preventive') keys.push(`policyName ${g.policyName}`);
    for (const k of keys) {
      if (seen.has(k))
        throw new InputError(`Invalid ${source}: duplicate ${k}`);
      seen.add(k);
    }
  }
  return parsed.data.guardrails as Guardrail[];
}

/**
 * Finds the repository root: the nearest directory at or above `from` holding
 * `guardrails/catalog.yaml`.
 */
function findRepoRoot(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'guardrails', 'catalog.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The guardrail catalog's path: config `tenancy.guardrails.catalogPath` (relative paths are
 * resolved from the repository root), else `<repo root>/guardrails/catalog.yaml`, the repo root
 * being the nearest directory above the working directory (or this package) that holds it.
 *
 * @throws Error when no catalog can be found.
 * @public
 */
export function resolveGuardrailCatalogPath(config?: Config): string {
  const configured = config?.getOptionalString(
    'tenancy.guardrails.catalogPath',
  );
  if (configured && path.isAbsolute(configured)) return configured;
  const root =
    findRepoRoot(process.cwd()) ??
    findRepoRoot(resolvePackagePath('@tenancy/plugin-tenants-node'));
  if (!root) {
    throw new Error(
      'Cannot find guardrails/catalog.yaml above the working directory; set tenancy.guardrails.catalogPath',
    );
  }
  return path.join(root, configured ?? path.join('guardrails', 'catalog.yaml'));
}

/**
 * Minified JSON of an SCP document, as submitted to Organizations (see docs/aws-behaviours/vending.md on SCP size).
 * @public
 */
export function minifyPolicy(document: unknown): string {
  return JSON.stringify(document);
}
