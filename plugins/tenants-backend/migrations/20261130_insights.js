/*
 * Tenants backend schema, version 2: the spend, health and compliance snapshot (the
 * "insights"): Cost Explorer facts (closed months cached), per-tenant health and compliance.
 * Named to sort after 20261129_init.js (knex orders migrations by file name).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_spend_facts', table => {
    table.comment(
      'Cost Explorer amounts by account, period and group key (see SpendFact)',
    );
    table
      .string('metric', 32)
      .notNullable()
      .comment('AmortizedCost, UnblendedCost, …');
    table.string('granularity', 8).notNullable().comment('DAILY or MONTHLY');
    table.string('period_start', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.string('account_id', 12).notNullable();
    table
      .string('dimension', 16)
      .notNullable()
      .comment('RECORD_TYPE, SERVICE, TOTAL (daily usage + tax) or TAG');
    table
      .string('key', 255)
      .notNullable()
      .comment("Group key; '' for TOTAL and untagged");
    table
      .string('amount', 40)
      .notNullable()
      .comment('Exact decimal USD, 10 decimals');
    table.boolean('estimated').notNullable();
    table.index(
      ['metric', 'account_id', 'period_start'],
      'tenant_spend_facts_account_idx',
    );
    table.index(
      ['metric', 'period_start', 'dimension'],
      'tenant_spend_facts_period_idx',
    );
  });

  await knex.schema.createTable('tenant_spend_months', table => {
    table.comment(
      'Closed months whose Cost Explorer data is stored and never fetched again',
    );
    table.string('metric', 32).notNullable();
    table.string('month', 7).notNullable().comment('YYYY-MM');
    table.string('fetched_at', 32).notNullable();
    table.primary(['metric', 'month']);
  });

  await knex.schema.createTable('tenant_insights_meta', table => {
    table.comment(
      'Small facts about the snapshot, e.g. the tenant tag status and last collections',
    );
    table.string('key', 64).primary().notNullable();
    table.text('value').notNullable();
  });

  await knex.schema.createTable('tenant_health', table => {
    table.comment(
      'Health of each tenant as last collected (compact JSON TenantHealth)',
    );
    table.string('tenant_id', 63).primary().notNullable();
    table.string('account_id', 12).notNullable();
    table.string('status', 16).notNullable();
    table.text('data').notNullable();
    table.string('collected_at', 32).notNullable();
  });

  await knex.schema.createTable('tenant_compliance', table => {
    table.comment(
      'Guardrail compliance of each tenant as last collected (JSON TenantCompliance)',
    );
    table.string('tenant_id', 63).primary().notNullable();
    table.string('account_id', 12).notNullable();
    table.text('data').notNullable();
    table.string('collected_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_compliance');
  await knex.schema.dropTable('tenant_health');
  await knex.schema.dropTable('tenant_insights_meta');
  await knex.schema.dropTable('tenant_spend_months');
  await knex.schema.dropTable('tenant_spend_facts');
};
