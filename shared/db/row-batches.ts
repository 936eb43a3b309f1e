/**
 * Rows written by one statement, at most. PostgreSQL takes at most 65,535 parameters per statement;
 * a thousand rows of a handful of columns each stay well below that, and one statement per thousand
 * rows costs nothing next to one per row.
 */
export const ROWS_PER_STATEMENT = 1000;

/** `items` in consecutive batches of at most `size`. */
export function rowBatches<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
