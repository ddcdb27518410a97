/*
 * Per-source cadences: each source (inventory, health, spend, compliance, and those modules
 * add) is refreshed by its own scheduled task. `refresh_runs.sources` names the sources a run
 * read (JSON array; NULL = every source, the full refresh of "Refresh now"). `refresh_sources`
 * holds per source when its data was last read successfully (its freshness), the last attempt
 * and its error, and the lease a run holds while it refreshes that source (one run per source
 * at a time, across replicas).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('refresh_runs', table => {
    table
      .text('sources')
      .nullable()
      .comment('JSON array of the sources read; NULL = every source');
  });
  await knex.schema.createTable('refresh_sources', table => {
    table.comment('Freshness and lease of each refreshed source');
    table.string('source', 64).primary().notNullable();
    table
      .string('refreshed_at', 32)
      .nullable()
      .comment('Start of the last run that read the source successfully (UTC)');
    table.string('attempted_at', 32).nullable();
    table.text('last_error').nullable();
    table.string('last_run_id', 64).nullable();
    table.string('lease_run_id', 64).nullable();
    table.string('lease_until', 32).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('refresh_sources');
  await knex.schema.alterTable('refresh_runs', table => {
    table.dropColumn('sources');
  });
};
