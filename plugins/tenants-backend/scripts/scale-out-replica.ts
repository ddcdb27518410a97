/**
 * One backend replica for `scale-out-check.ts`: the tenants plugin on the backend defaults
 * (database, cache, scheduler from the `--config` files the check writes).
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('../src'));
backend.start();
