/** Placeholder; replaced below. */
export interface TenantRegistrar {
  register(tenant: unknown, options: unknown): Promise<unknown>;
}
