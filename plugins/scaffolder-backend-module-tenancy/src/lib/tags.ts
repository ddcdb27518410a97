import { InputError } from '@backstage/errors';

/** An AWS tag. */
export interface AwsTag {
  Key: string;
  Value: string;
}

/**
 * The account's tags: the given ones (empty values dropped) plus the tenant tag, checked
 * against AWS's limits (key 1–128, value ≤ 256 characters, at most 50 tags).
 * @throws InputError naming the rule broken.
 */
export function tenantTags(
  tenantId: string,
  tags: Record<string, string> | undefined,
  tenantTagKey: string,
): AwsTag[] {
  const merged = new Map<string, string>();
  for (const [k, v] of Object.entries(tags ?? {})) {
    if (v !== undefined && v !== null && String(v) !== '')
      merged.set(k, String(v));
  }
  merged.set(tenantTagKey, tenantId);
  if (merged.size > 50) {
    throw new InputError(
      `At most 50 tags per account; got ${merged.size} (rule tags.count)`,
    );
  }
  const out: AwsTag[] = [];
  for (const [Key, Value] of [...merged.entries()].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (
      Key.length < 1 ||
      Key.length > 128 ||
      Key.toLowerCase().startsWith('aws:')
    ) {
      throw new InputError(
        `Tag key '${Key}' must be 1–128 characters and not start with aws: (rule tags.key)`,
      );
    }
    if (Value.length > 256) {
      throw new InputError(
        `Tag '${Key}' value must be at most 256 characters (rule tags.value)`,
      );
    }
    out.push({ Key, Value });
  }
  return out;
}
