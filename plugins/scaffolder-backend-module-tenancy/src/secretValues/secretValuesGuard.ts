import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';

/**
 * Value names that hold a secret whatever the template says (compared case-insensitively),
 * plus every name containing `secret` or `password`.
 * @public
 */
export const KNOWN_SECRET_VALUE_NAMES: readonly string[] = [
  'awsExternalId',
  'externalId',
  'secretAccessKey',
  'sessionToken',
  'apiKey',
  'privateKey',
  'clientSecret',
];

const KNOWN = new Set(KNOWN_SECRET_VALUE_NAMES.map(n => n.toLowerCase()));

/** True for a value name that always holds a secret. */
export function isKnownSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return KNOWN.has(lower) || /secret|password/.test(lower);
}

/**
 * The names of the fields a template marks secret (`ui:field: Secret`), in every parameter
 * step, at any depth of nested object properties.
 */
export function secretFieldsOf(template: Entity | undefined): Set<string> {
  const names = new Set<string>();
  const walk = (schema: unknown) => {
    const properties = (schema as { properties?: Record<string, unknown> })
      ?.properties;
    if (!properties || typeof properties !== 'object') return;
    for (const [name, field] of Object.entries(properties)) {
      if ((field as Record<string, unknown>)?.['ui:field'] === 'Secret') {
        names.add(name);
      }
      walk(field);
    }
  };
  const parameters = (template?.spec as { parameters?: unknown } | undefined)
    ?.parameters;
  for (const step of [parameters ?? []].flat()) walk(step);
  return names;
}

/**
 * The paths (`awsExternalId`, `aws.externalId`) of secret values sent in clear. A value is
 * accepted when empty or made only of `*`: the mask the scaffolder's Secret field writes into
 * the form's values while the secret itself goes to the request's `secrets`.
 */
export function secretValuesInClear(
  values: unknown,
  secretFields: Set<string>,
): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (!value || typeof value !== 'object' || path.length > 10) return;
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const here = [...path, name];
      const secret = secretFields.has(name) || isKnownSecretName(name);
      const masked = typeof v === 'string' && /^\**$/.test(v);
      if (secret && v !== null && v !== undefined && !masked) {
        found.push(here.join('.'));
      } else {
        walk(v, here);
      }
    }
  };
  walk(values, []);
  return found;
}

/** The message of the refusal; names the fields, never their values. */
export function secretValuesMessage(paths: string[]): string {
  const list = paths.join(', ');
  return (
    `Refused to create the task: ${list} ${
      paths.length === 1 ? 'is a secret' : 'are secrets'
    } sent in the task's values, which are stored in the task spec and shown with the task. ` +
    `Send ${
      paths.length === 1 ? 'it' : 'them'
    } in the request's "secrets" instead (a template field with "ui:field: Secret" does this); ` +
    `the values may hold only the mask (*).`
  );
}

/**
 * An HTTP guard in front of the scaffolder's `POST /v2/tasks` and `POST /v2/dry-run`: refuses
 * with 400 (InputError), before the task is stored or any audit event is written, a request
 * whose `values` carry a secret in clear — a field the template marks `ui:field: Secret`, or
 * a known secret name ({@link KNOWN_SECRET_VALUE_NAMES}). The warning it logs names the
 * fields, never the values. Mounted by the scaffolder module on the scaffolder's own router,
 * ahead of the scaffolder's routes.
 * @public
 */
export function createSecretValuesGuard(options: {
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}): express.Router {
  const { catalog, httpAuth, logger } = options;
  const router = Router();
  // The scaffolder parses the same bodies with this limit.
  router.post(
    ['/v2/tasks', '/v2/dry-run'],
    express.json({ limit: '10MB' }),
    async (req, _res, next) => {
      const body = (req.body ?? {}) as {
        templateRef?: unknown;
        template?: Entity;
        values?: unknown;
      };
      let template = body.template;
      if (!template && typeof body.templateRef === 'string') {
        const credentials = await httpAuth.credentials(req);
        template = await catalog
          .getEntityByRef(body.templateRef, { credentials })
          .catch(() => undefined);
      }
      const found = secretValuesInClear(body.values, secretFieldsOf(template));
      if (found.length > 0) {
        logger.warn(
          `Refused a scaffolder request (${req.path}, template ${String(
            body.templateRef ?? template?.metadata?.name ?? 'inline',
          )}): secret value(s) ${found.join(', ')} sent in clear`,
        );
        throw new InputError(secretValuesMessage(found));
      }
      next();
    },
  );
  return router;
}
