/*
 * Test helper: bad requests for every operation of the tenants API, generated from its OpenAPI
 * spec (plugins/tenants-backend/src/schema/openapi.yaml): an unknown query parameter, for each
 * declared query parameter the values its schema forbids (not an integer, out of range, not in
 * the enum, not matching the pattern, too long, given twice, missing when required), and for a
 * JSON body a non-JSON one, a missing required field, an unknown field and each field's
 * forbidden value. Each probe names what its error message must name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './demoBackend';

/** A JSON schema as the spec writes it (the parts the probes read). */
interface Schema {
  $ref?: string;
  type?: string;
  enum?: string[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
}

interface Parameter {
  $ref?: string;
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  schema: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json'?: { schema: Schema } } };
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: {
    parameters: Record<string, Parameter>;
    schemas: Record<string, Schema>;
  };
}

/** One bad request and the parameter or field its error message must name. */
export interface SpecProbe {
  /** `METHOD /path` of the operation, in the spec's spelling. */
  operation: string;
  method: 'GET' | 'POST';
  /** The path below `/api/tenants`, with its query. */
  path: string;
  body?: string;
  /** What the message must contain: the parameter or field name, or `JSON`. */
  names: string;
}

export const TENANTS_SPEC = path.join(
  REPO_ROOT,
  'plugins/tenants-backend/src/schema/openapi.yaml',
);

function resolve<T extends { $ref?: string }>(spec: Spec, node: T): T {
  if (!node.$ref) return node;
  const [, , section, name] = node.$ref.split('/');
  return (spec.components as unknown as Record<string, Record<string, T>>)[
    section
  ][name];
}

/** Values `schema` forbids for a single value (a query parameter or a JSON field). */
function badValues(schema: Schema, json: boolean): unknown[] {
  const bad: unknown[] = [];
  if (schema.type === 'integer') {
    bad.push('abc', 1.5);
    if (schema.maximum !== undefined) bad.push(schema.maximum + 1);
    if (schema.minimum !== undefined) bad.push(schema.minimum - 1);
  }
  if (schema.type === 'string' && json) bad.push(42);
  if (schema.enum) bad.push('not-in-enum');
  if (schema.pattern) bad.push('!bad pattern!');
  if (schema.format === 'date-time') bad.push('yesterday');
  if (schema.maxLength !== undefined)
    bad.push('x'.repeat(schema.maxLength + 1));
  if (schema.minLength) bad.push('');
  return bad;
}

/** The operations (`METHOD /path`) the tenants spec describes. */
export function specOperations(): string[] {
  const spec = parse(readFileSync(TENANTS_SPEC, 'utf8')) as Spec;
  return Object.entries(spec.paths).flatMap(([route, item]) =>
    Object.keys(item).map(verb => `${verb.toUpperCase()} ${route}`),
  );
}

/** Every bad request of every operation of the spec; `tenantId` fills `{tenantId}`. */
export function specProbes(tenantId: string): SpecProbe[] {
  const spec = parse(readFileSync(TENANTS_SPEC, 'utf8')) as Spec;
  return Object.entries(spec.paths).flatMap(([route, item]) =>
    Object.entries(item).flatMap(([verb, op]) => {
      const method = verb.toUpperCase() as SpecProbe['method'];
      const operation = `${method} ${route}`;
      // Path parameters get valid values, so each probe breaks only its query or body.
      const base = route
        .replace('{tenantId}', encodeURIComponent(tenantId))
        .replace('{month}', '2026-01');
      const params = (op.parameters ?? [])
        .map(p => resolve(spec, p))
        .filter(p => p.in === 'query');
      const probe = (query: string, names: string): SpecProbe => ({
        operation,
        method,
        path: `${base}?${query}`,
        names,
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      const q = (name: string, value: unknown) =>
        `${name}=${encodeURIComponent(String(value))}`;
      const probes: SpecProbe[] = [probe('bogus=1', 'bogus')];
      for (const p of params) {
        const schema = resolve(spec, p.schema);
        const single =
          schema.type === 'array' ? resolve(spec, schema.items!) : schema;
        for (const value of badValues(single, false)) {
          probes.push(probe(q(p.name, value), p.name));
        }
        if (schema.type !== 'array') {
          probes.push(probe(`${q(p.name, 1)}&${q(p.name, 2)}`, p.name));
        }
        if (p.required) probes.push(probe('', p.name));
      }
      const body = op.requestBody?.content['application/json']?.schema;
      if (body) {
        const schema = resolve(spec, body);
        const post = (value: unknown, names: string): SpecProbe => ({
          operation,
          method,
          path: base,
          body: typeof value === 'string' ? value : JSON.stringify(value),
          names,
        });
        probes.push(post('{', 'JSON'), post({ bogus: 1 }, 'bogus'));
        for (const name of schema.required ?? []) probes.push(post({}, name));
        for (const [name, field] of Object.entries(schema.properties ?? {})) {
          for (const value of badValues(resolve(spec, field), true)) {
            probes.push(post({ [name]: value }, name));
          }
        }
      }
      return probes;
    }),
  );
}
