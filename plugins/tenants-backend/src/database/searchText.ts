import type { Knex } from 'knex';

/**
 * Keeps the rows whose lower-cased `search_text` column holds `q` (case-insensitive substring
 * search, on SQLite and PostgreSQL alike): `%`, `_` and `\` in `q` are matched literally.
 */
export function whereSearchTextHas(qb: Knex.QueryBuilder, q: string): void {
  const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
  qb.whereRaw(`search_text LIKE ? ESCAPE '\\'`, [pattern]);
}
