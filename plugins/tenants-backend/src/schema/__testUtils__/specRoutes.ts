import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** `METHOD /path` of every operation `openapi.yaml` describes, in its spelling (`{tenantId}`). */
export function specRoutes(): string[] {
  const spec = parse(
    readFileSync(resolve(__dirname, '../openapi.yaml'), 'utf8'),
  ) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter(key => HTTP_METHODS.includes(key))
      .map(method => `${method.toUpperCase()} ${path}`),
  );
}
