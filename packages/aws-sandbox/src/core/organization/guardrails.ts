import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** A preventive guardrail of the catalog: the SCP the sandbox seeds. @public */
export interface GuardrailScp {
  /** Guardrail id in the catalog, e.g. `deny-leave-organization`. */
  id: string;
  /** SCP name, e.g. `tenant-deny-leave-org`. */
  policyName: string;
  title: string;
  /** Minified policy document JSON, as the vending action submits it. */
  content: string;
}

/**
 * `guardrails/catalog.yaml` at the repository root: found next to this package in the
 * workspace, else by walking up from the working directory. Undefined when neither has it.
 * @public
 */
export function defaultGuardrailsFile(): string | undefined {
  const candidates: string[] = [];
  try {
    const pkg = require.resolve('@tenancy/aws-sandbox/package.json');
    candidates.push(
      path.resolve(path.dirname(pkg), '../../guardrails/catalog.yaml'),
    );
  } catch {
    // not resolvable (e.g. bundled); fall back to the working directory
  }
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'guardrails', 'catalog.yaml'));
    if (path.dirname(dir) === dir) break;
  }
  return candidates.find(c => fs.existsSync(c));
}

/** The guardrail catalog file (see {@link defaultGuardrailsFile}), resolved once. @public */
export const DEFAULT_GUARDRAILS_FILE: string =
  defaultGuardrailsFile() ?? path.resolve('guardrails', 'catalog.yaml');

/**
 * Reads the preventive guardrails (kind `preventive`, with `policyName` and `policyDocument`)
 * from a guardrail catalog file. Returns an empty list when the file does not exist.
 * @throws Error when the file exists but is not a catalog (`guardrails:` list).
 * @public
 */
export function loadGuardrailScps(
  file: string | undefined = DEFAULT_GUARDRAILS_FILE,
): GuardrailScp[] {
  if (!file || !fs.existsSync(file)) {
    return [];
  }
  const doc = parse(fs.readFileSync(file, 'utf8'));
  if (!doc || !Array.isArray(doc.guardrails)) {
    throw new Error(`${file} has no 'guardrails' list`);
  }
  return doc.guardrails
    .filter(
      (g: any) => g?.kind === 'preventive' && g.policyName && g.policyDocument,
    )
    .map((g: any) => ({
      id: String(g.id),
      policyName: String(g.policyName),
      title: String(g.title ?? g.policyName),
      content: JSON.stringify(g.policyDocument),
    }));
}
