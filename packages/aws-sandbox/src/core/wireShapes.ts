/**
 * Types of the wire facts a service gives its protocols (see `../protocols/shapes.ts`): which
 * members are not strings, which outputs hold doubles, which shape each error code names.
 */

/** A member's wire type. @public */
export type WireShape =
  | 'string'
  | 'integer'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | { list: WireShape }
  | { structure: Record<string, WireShape> };

/** The wire facts of one service's operations. @public */
export interface ServiceWireShapes {
  /** Input members of each operation that are not strings (for the query protocol). */
  inputs: Record<string, Record<string, WireShape>>;
  /** Output members of each operation that hold doubles somewhere inside (for CBOR). */
  outputs: Record<string, Record<string, WireShape>>;
  /** Modeled error shape name by query error code, e.g. `InvalidParameterValue` → `InvalidParameterValueException`. */
  errorShapes: Record<string, string>;
}
