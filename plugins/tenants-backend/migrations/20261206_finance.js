/*
 * Finance (issue 19): the monthly chargeback reports (one row per closed month, their CSV lines
 * already escaped, in order) and the finance snapshot documents of the last refresh (anomalies,
 * budgets, footprint, unit cost), one JSON document per kind and key.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_finance_reports', table => {
    table.comment('Monthly chargeback reports, produced once a month is final');
    table.string('month', 7).primary().comment('YYYY-MM (UTC)');
    table.string('generated_at', 32).notNullable().comment('ISO-8601 UTC');
    table.string('total', 40).notNullable().comment('USD, 2 decimals');
    table.integer('row_count').notNullable();
    table.integer('tenant_count').notNullable();
  });
  await knex.schema.createTable('tenant_finance_report_lines', table => {
    table.comment('CSV lines of a chargeback report, escaped, in file order');
    table.string('month', 7).notNullable();
    table
      .string('part', 8)
      .notNullable()
      .comment("'rows' (FOCUS) or 'summary'");
    table.integer('seq').notNullable();
    table.text('line').notNullable();
    table.primary(['month', 'part', 'seq']);
  });
  await knex.schema.createTable('tenant_finance_documents', table => {
    table.comment('Finance snapshot documents of the last refresh');
    table
      .string('kind', 32)
      .notNullable()
      .comment('anomalies, budget, footprint, …');
    table.string('key', 255).notNullable().comment("tenant id, month, or ''");
    table.text('body').notNullable().comment('JSON');
    table.string('updated_at', 32).notNullable().comment('ISO-8601 UTC');
    table.primary(['kind', 'key']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_finance_documents');
  await knex.schema.dropTable('tenant_finance_report_lines');
  await knex.schema.dropTable('tenant_finance_reports');
};
