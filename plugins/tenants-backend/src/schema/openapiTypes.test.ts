import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import {
  generateOpenApiTypes,
  OPENAPI_TYPES_PATH,
} from '../../scripts/openapiTypes';

jest.setTimeout(30_000);

const spec = parse(readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8'));

/** JSON-pointer-like paths of every `type: object` schema that names neither properties nor additionalProperties. */
function bareObjects(node: unknown, at: string): string[] {
  if (Array.isArray(node)) {
    return node.flatMap((item, i) => bareObjects(item, `${at}/${i}`));
  }
  if (!node || typeof node !== 'object') return [];
  const record = node as Record<string, unknown>;
  const own =
    record.type === 'object' &&
    record.properties === undefined &&
    record.additionalProperties === undefined
      ? [at]
      : [];
  return [
    ...own,
    ...Object.entries(record).flatMap(([key, value]) =>
      bareObjects(value, `${at}/${key}`),
    ),
  ];
}

describe('the generated types of the tenants API', () => {
  it('are what yarn generate:openapi makes of openapi.yaml now (regenerate when this fails)', async () => {
    const committed = readFileSync(OPENAPI_TYPES_PATH, 'utf8');
    const fresh = await generateOpenApiTypes();
    expect(fresh.length).toBeGreaterThan(10_000);
    expect(committed).toBe(fresh);
  });

  it('stand on response schemas that say their shape: no bare `type: object`', () => {
    expect(bareObjects(spec, '#')).toEqual([]);
  });

  it('the check finds a bare object', () => {
    expect(
      bareObjects(
        {
          paths: {
            '/x': {
              get: {
                responses: {
                  '200': {
                    content: {
                      'application/json': { schema: { type: 'object' } },
                    },
                  },
                },
              },
            },
          },
        },
        '#',
      ),
    ).toEqual(['#/paths//x/get/responses/200/content/application/json/schema']);
  });

  it('describe a JSON or CSV body for every success answer', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(
      spec.paths,
    )) {
      for (const [method, op] of Object.entries<any>(item)) {
        for (const [status, response] of Object.entries<any>(op.responses)) {
          if (!status.startsWith('2')) continue;
          const content = response.content ?? {};
          const schema =
            content['application/json']?.schema ?? content['text/csv']?.schema;
          if (!schema)
            missing.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
