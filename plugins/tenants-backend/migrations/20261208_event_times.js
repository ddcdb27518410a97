/*
 * Tenants backend schema: the time of the newest live event written into each tenant's
 * snapshot row (health, compliance, deployments), so that a refresh that read AWS before that
 * event never overwrites its value. Null: the row holds what a refresh read.
 * Named to sort after 20261207_deployments.js (knex orders migrations by file name).
 */

// @ts-check

const TABLES = ['tenant_health', 'tenant_compliance', 'tenant_deployments'];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const name of TABLES) {
    await knex.schema.alterTable(name, table => {
      table
        .string('event_time', 32)
        .nullable()
        .comment(
          'ISO-8601 UTC time of the newest live event applied to this row; null: as refreshed',
        );
    });
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const name of TABLES) {
    await knex.schema.alterTable(name, table => {
      table.dropColumn('event_time');
    });
  }
};
