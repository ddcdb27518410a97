import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import { z } from 'zod';
import { noQuerySchema, parseOrThrow } from './query';

/** `at`: an optional ISO-8601 UTC timestamp of a recorded body. */
export const optionalAtSchema = z
  .string()
  .datetime({ message: 'at must be an ISO-8601 UTC timestamp' })
  .optional();

/**
 * The caller and the body of a `POST` other backend plugins make: service principals only
 * (403 otherwise), no query parameters, the body checked by `schema` (400 naming the rule).
 */
export async function serviceBody<T extends z.ZodTypeAny>(
  httpAuth: HttpAuthService,
  req: Request,
  schema: T,
): Promise<{
  credentials: BackstageCredentials<BackstageServicePrincipal>;
  body: z.infer<T>;
}> {
  const credentials = await httpAuth.credentials(req, { allow: ['service'] });
  parseOrThrow(noQuerySchema, req.query);
  return { credentials, body: parseOrThrow(schema, req.body, 'body') };
}
