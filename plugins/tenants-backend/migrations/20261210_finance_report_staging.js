/*
 * Finance (issue 19): the chargeback report is built from the database, not in memory. While a
 * month's report is generated, Cost Explorer's lines are staged here page by page (one row per
 * account × service × record type × metric of a page, exact decimal text), read back a batch of
 * accounts at a time, and removed when the report is stored.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_finance_report_staging', table => {
    table.comment(
      'Cost Explorer lines of chargeback reports being generated (the rows of one build, then removed)',
    );
    table.bigIncrements('id');
    table.string('build_id', 36).notNullable().comment('one generation');
    table.string('account_id', 32).notNullable();
    table.string('service', 255).notNullable();
    table.string('record_type', 64).notNullable();
    table
      .string('metric', 32)
      .notNullable()
      .comment('UnblendedCost (BilledCost) or AmortizedCost (EffectiveCost)');
    table.string('amount', 40).notNullable().comment('exact decimal USD');
    table.index(['build_id', 'account_id'], 'tenant_finance_staging_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_finance_report_staging');
};
