import type { Response } from 'express';

/**
 * Marks the response of a large CSV download (the spend export, a chargeback report)
 * `Cache-Control: no-transform`, so the backend's `compression` middleware does
 * not gzip it. Measured at 10,000 tenants (docs/memory.md, "Downloads are not compressed"):
 * three 13-month exports at once grew the backend by 86–104 MiB when gzipped (every compressed
 * chunk a Buffer left to V8's collector, ~22 MB of them per export), by 7 MiB without; our own
 * gzip through one reused input buffer still grew it by 86 MiB. Compress downloads at the
 * ingress or reverse proxy in front of the backend if the network needs it.
 */
export function uncompressedBody(res: Response): void {
  res.setHeader('Cache-Control', 'no-transform');
}
