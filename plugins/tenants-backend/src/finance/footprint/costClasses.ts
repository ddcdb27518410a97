/**
 * The service cost classes (`guardrails/cost-classes.yaml`): which Cost Explorer SERVICE /
 * USAGE_TYPE pairs are always-on (billed by the hour whether used or not) and which are
 * usage-based. See docs/aws-behaviours/finance.md#fixed-cost-footprint.
 */
import fs from 'node:fs';
import { InputError } from '@backstage/errors';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** A spend line's class; `unclassified` when no rule names its service. */
export type CostClass = 'always-on' | 'usage-based' | 'unclassified';

/** One compiled rule of the cost-class file. */
export interface CostClassRule {
  /** Cost Explorer SERVICE value, exactly as AWS spells it. */
  service: string;
  /** Matched against the usage type without its region prefix; absent = every usage type. */
  usageType?: RegExp;
  class: Exclude<CostClass, 'unclassified'>;
  /** Why spend of this kind is in this class (shown next to it). */
  why: string;
}

const fileSchema = z.object({
  rules: z
    .array(
      z.object({
        service: z.string().min(1),
        usageType: z.string().min(1).optional(),
        class: z.enum(['always-on', 'usage-based']),
        why: z.string().min(1),
      }),
    )
    .min(1),
});

/**
 * Validates cost-class YAML text.
 *
 * @returns the rules in file order (first match wins)
 * @throws InputError naming the rule and field that breaks the schema, or an invalid
 *   usageType regular expression.
 */
export function parseCostClasses(
  text: string,
  source = 'cost classes',
): CostClassRule[] {
  const parsed = fileSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map(i => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${source}: ${issues}`);
  }
  return parsed.data.rules.map((r, i) => {
    let usageType: RegExp | undefined;
    if (r.usageType !== undefined) {
      try {
        usageType = new RegExp(r.usageType);
      } catch {
        throw new InputError(
          `Invalid ${source}: rules.${i}.usageType: not a regular expression`,
        );
      }
    }
    return { service: r.service, usageType, class: r.class, why: r.why };
  });
}

/**
 * Reads and validates the cost-class file.
 * @throws InputError as {@link parseCostClasses}; Error (ENOENT) when the file is missing.
 */
export async function loadCostClasses(
  filePath: string,
): Promise<CostClassRule[]> {
  return parseCostClasses(
    await fs.promises.readFile(filePath, 'utf8'),
    filePath,
  );
}

/**
 * A usage type without Cost Explorer's region prefix: `EUC1-BoxUsage:m5.large` →
 * `BoxUsage:m5.large`, `USE1-NatGateway-Hours` → `NatGateway-Hours`; us-east-1 usage types
 * have no prefix and are returned as they are.
 */
export function stripRegionPrefix(usageType: string): string {
  return usageType.replace(/^[A-Z]{2,4}\d?-(?=[A-Za-z])/, '');
}

/**
 * The class of one spend line: the first rule whose service equals `service` and whose usage
 * type pattern (if any) matches the usage type without its region prefix.
 *
 * @param usageType - Cost Explorer USAGE_TYPE; `''` when only the service is known (then only
 *   service-wide rules apply)
 */
export function classify(
  rules: readonly CostClassRule[],
  service: string,
  usageType: string,
): { class: CostClass; why?: string } {
  const bare = stripRegionPrefix(usageType);
  for (const r of rules) {
    if (r.service !== service) continue;
    if (r.usageType && (bare === '' || !r.usageType.test(bare))) continue;
    return { class: r.class, why: r.why };
  }
  return { class: 'unclassified' };
}
