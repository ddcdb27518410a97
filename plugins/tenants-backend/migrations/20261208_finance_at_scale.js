/*
 * Finance at scale (issue 19): the costs page's fleet views stored once per spend refresh
 * (totals, movers and by-service series per month, and one row per tenant and month that the
 * tenant table pages, sorts and searches on the server), an index for the streamed export, and
 * the tenants list's budget column for the over-budget filters. Named to sort after 20261207_deployments.js.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_spend_fleet_views', table => {
    table.comment(
      'The costs page of a month as of a spend run, without its tenant rows (JSON)',
    );
    table.string('metric', 32).notNullable();
    table.string('month', 7).notNullable().comment('YYYY-MM (UTC)');
    table
      .string('run_id', 64)
      .notNullable()
      .comment("The spend run it was computed from ('' before the first run)");
    table.text('body').notNullable().comment('JSON FleetSpend without tenants');
    table.string('computed_at', 32).notNullable().comment('ISO-8601 UTC');
    table.primary(['metric', 'month']);
  });
  await knex.schema.createTable('tenant_spend_fleet_rows', table => {
    table.comment(
      'One tenant row of a stored costs page, for paging on the server',
    );
    table.string('metric', 32).notNullable();
    table.string('month', 7).notNullable();
    table.string('tenant_id', 63).notNullable();
    table.string('account_id', 12).notNullable();
    table
      .bigInteger('amount_cents')
      .notNullable()
      .comment('usage + tax, cents');
    table
      .bigInteger('previous_cents')
      .nullable()
      .comment('null when the previous month is not stored');
    table
      .bigInteger('change_cents')
      .nullable()
      .comment('null when the change is unknown');
    table
      .text('search_text')
      .notNullable()
      .comment('Lower-cased tenant id and account id for q');
    table.text('body').notNullable().comment('JSON FleetSpend tenant row');
    table.primary(['metric', 'month', 'tenant_id']);
    for (const column of [
      'amount_cents',
      'previous_cents',
      'change_cents',
      'account_id',
    ]) {
      table.index(
        ['metric', 'month', column, 'tenant_id'],
        `tenant_spend_fleet_rows_${column}_idx`,
      );
    }
  });
  // The export reads one dimension of a page of accounts: without this it would read every
  // dimension's facts of those accounts (the daily ones are most) to keep the SERVICE ones.
  await knex.schema.alterTable('tenant_spend_facts', table => {
    table.index(
      ['metric', 'dimension', 'account_id', 'period_start'],
      'tenant_spend_facts_dimension_idx',
    );
  });
  await knex.schema.alterTable('tenants', table => {
    table
      .string('budget_state', 16)
      .nullable()
      .comment('under, forecast-over, over; null: no budget read');
    table.index(['budget_state'], 'tenants_budget_state_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tenants', table => {
    table.dropIndex(['budget_state'], 'tenants_budget_state_idx');
    table.dropColumn('budget_state');
  });
  await knex.schema.alterTable('tenant_spend_facts', table => {
    table.dropIndex(
      ['metric', 'dimension', 'account_id', 'period_start'],
      'tenant_spend_facts_dimension_idx',
    );
  });
  await knex.schema.dropTable('tenant_spend_fleet_rows');
  await knex.schema.dropTable('tenant_spend_fleet_views');
};
