/**
 * Conversions that make rows look the same from both engines: pg returns bytea as Buffer and int8 as
 * string; PGlite returns bytea as Uint8Array (unless our dialect's parser ran) and int8 as number.
 */

export function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

export function toBufferOrNull(value: Uint8Array | null): Buffer | null {
  return value === null ? null : toBuffer(value);
}

/** count(*) and bigint columns: a string from pg, a number or bigint from PGlite. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : Number(value);
}
