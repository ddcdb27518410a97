/*
 * Finance (issue 19): the lines of a chargeback report being written are kept under their own
 * generation (`rows~<build id>`, `summary~<build id>`), so two generations of one month at once
 * (the refresh and a regenerate, or two replicas) never write into each other's lines; the one
 * published last is the stored report. The part column grows to hold the build id, and pending
 * lines an earlier version left without a build id are removed.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('tenant_finance_report_lines')
    .whereIn('part', ['rows~', 'summary~'])
    .delete();
  await knex.schema.alterTable('tenant_finance_report_lines', table => {
    table
      .string('part', 48)
      .notNullable()
      .comment(
        'rows (FOCUS) or summary; rows~<build id> or summary~<build id> while written',
      )
      .alter({ alterNullable: false });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('tenant_finance_report_lines')
    .whereNotIn('part', ['rows', 'summary'])
    .delete();
  await knex.schema.alterTable('tenant_finance_report_lines', table => {
    table.string('part', 8).notNullable().alter({ alterNullable: false });
  });
};
