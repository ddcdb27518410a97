import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { AwsClientFactory } from './AwsClientFactory';
import { DefaultAwsClientFactory } from './DefaultAwsClientFactory';

/**
 * The AWS client factory service (id `tenants.awsClientFactory`). Its default factory builds a
 * {@link DefaultAwsClientFactory} from the root config; override it with
 * `createServiceFactory({ service: awsClientFactoryServiceRef, ... })`.
 *
 * @public
 */
export const awsClientFactoryServiceRef = createServiceRef<AwsClientFactory>({
  id: 'tenants.awsClientFactory',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => DefaultAwsClientFactory.fromConfig(config),
    }),
});
