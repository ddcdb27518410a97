import { InputError } from '@backstage/errors';

/** An AWS tag. */
export interface AwsTag {
  Key: string;
  Value: string;
}

/**
 * Characters AWS Organizations allows in a tag key or value (`Tag` in the Organizations API
 * reference): letters, digits, spaces and `_ . : / = + - @`, in any script.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The distinct characters of `text` that AWS refuses in a tag, quoted: `'&', '!'`. */
function refused(text: string): string {
  return [...new Set([...text].filter(c => !TAG_CHARACTERS.test(c)))]
    .map(c => `'${c}'`)
    .join(', ');
}

/**
 * The account's tags: the given ones (empty values dropped) plus the tenant tag, checked
 * against AWS Organizations' limits (key 1–128, value ≤ 256 characters, only letters, digits,
 * spaces and `_ . : / = + - @`, at most 50 tags), so a tag AWS would refuse fails before any
 * AWS call. E.g. `{ displayName: 'ACME Manufacturing' }` is kept as is.
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
    if (!TAG_CHARACTERS.test(Key)) {
      throw new InputError(
        `Tag key '${Key}' may hold only letters, digits, spaces and _ . : / = + - @; found ${refused(
          Key,
        )} (rule tags.key)`,
      );
    }
    if (Value.length > 256) {
      throw new InputError(
        `Tag '${Key}' value must be at most 256 characters (rule tags.value)`,
      );
    }
    if (!TAG_CHARACTERS.test(Value)) {
      // Names the characters refused, never the value (it may be a secret).
      throw new InputError(
        `Tag '${Key}' value may hold only letters, digits, spaces and _ . : / = + - @; found ${refused(
          Value,
        )} (rule tags.value)`,
      );
    }
    out.push({ Key, Value });
  }
  return out;
}
