/*
 * Sort indexes for the nullable sort columns of `tenants`: tenants without a value sort last in
 * both orders, so each column gets one index per direction on
 * ((column IS NULL), column, tenant_id) — the exact ORDER BY of the list route — replacing the
 * plain (column, tenant_id) indexes of the first migration. Same SQL on SQLite and PostgreSQL.
 */

// @ts-check

const COLUMNS = [
  'tier',
  'owner',
  'health_rank',
  'compliance_ratio',
  'spend_mtd_cents',
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const column of COLUMNS) {
    await knex.schema.alterTable('tenants', table => {
      table.dropIndex([column, 'tenant_id'], `tenants_${column}_idx`);
    });
    for (const order of ['asc', 'desc']) {
      await knex.raw(
        `CREATE INDEX ?? ON ?? ((?? IS NULL), ?? ${order}, ?? ${order})`,
        [
          `tenants_${column}_${order}_idx`,
          'tenants',
          column,
          column,
          'tenant_id',
        ],
      );
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const column of COLUMNS) {
    for (const order of ['asc', 'desc']) {
      await knex.raw('DROP INDEX ??', [`tenants_${column}_${order}_idx`]);
    }
    await knex.schema.alterTable('tenants', table => {
      table.index([column, 'tenant_id'], `tenants_${column}_idx`);
    });
  }
};
