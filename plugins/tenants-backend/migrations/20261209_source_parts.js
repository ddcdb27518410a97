/*
 * A source read in parts (compliance: SCP, Config, GuardDuty, baseline) can succeed with one
 * part failing: the run wrote fresh values for every other part and kept the failed part's
 * values, stale. `refresh_sources.stale_parts` holds those parts of the last read (JSON array of
 * `{ part, error }`; NULL = none), so the source reads as fresh with the parts named, not stale
 * as a whole.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('refresh_sources', table => {
    table
      .text('stale_parts')
      .nullable()
      .comment('JSON array of { part, error } kept stale by the last read');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('refresh_sources', table => {
    table.dropColumn('stale_parts');
  });
};
