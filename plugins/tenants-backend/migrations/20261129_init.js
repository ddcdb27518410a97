/*
 * Tenants backend schema, version 1: the tenant inventory with the summary columns the list
 * route sorts on, refresh runs, and tenant activity.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenants', table => {
    table.comment('One row per tenant account in the tenants OU tree');
    table.string('account_id', 12).primary().notNullable();
    table.string('tenant_id', 63).notNullable().unique();
    table.string('account_name', 255).notNullable();
    table.string('email', 255).notNullable();
    table.string('ou_id', 68).notNullable();
    table.string('ou_path', 1024).notNullable();
    table.string('state', 32).notNullable();
    table.string('tier', 255).nullable();
    table.string('owner', 255).nullable();
    table.text('regions').notNullable().comment('JSON array of region names');
    table.text('tags').notNullable().comment('JSON object of the account tags');
    table.string('joined_at', 32).notNullable().comment('ISO-8601 UTC');
    table
      .string('tags_read_at', 32)
      .notNullable()
      .comment('When ListTagsForResource last read the tags (ISO-8601 UTC)');
    table
      .text('search_text')
      .notNullable()
      .comment('Lower-cased tenant id, account name and account id for q');
    // Summary columns written by the spend, health and compliance collectors.
    table.string('health_status', 16).nullable();
    table
      .integer('health_rank')
      .nullable()
      .comment('healthy 0, unknown 1, degraded 2, critical 3');
    table.text('compliance').nullable().comment('JSON ComplianceScore');
    table
      .float('compliance_ratio')
      .nullable()
      .comment('compliant / evaluated, for sorting');
    table.string('spend_mtd', 32).nullable().comment('Decimal USD string');
    table
      .bigInteger('spend_mtd_cents')
      .nullable()
      .comment('Integer USD cents, for sorting');
    table.float('spend_change_ratio').nullable();
    table.string('updated_at', 32).notNullable();
  });
  // One index per sort column, with the tenant id as tie-breaker.
  for (const column of [
    'state',
    'tier',
    'owner',
    'joined_at',
    'health_rank',
    'compliance_ratio',
    'spend_mtd_cents',
  ]) {
    await knex.schema.alterTable('tenants', table => {
      table.index([column, 'tenant_id'], `tenants_${column}_idx`);
    });
  }

  await knex.schema.createTable('refresh_runs', table => {
    table.comment('One row per refresh of the fleet snapshot');
    table.string('id', 64).primary().notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('queued, running, succeeded, failed');
    table.string('trigger', 16).notNullable().comment('schedule or manual');
    table.string('actor', 255).nullable();
    table.string('requested_at', 32).notNullable();
    table.string('started_at', 32).nullable();
    table.string('finished_at', 32).nullable();
    table
      .text('aws_calls')
      .notNullable()
      .comment('JSON {Service.Operation: n}');
    table.text('errors').notNullable().comment('JSON array of errors');
    table.integer('tenant_count').notNullable().defaultTo(0);
    table.float('duration_seconds').nullable();
    table.index(['requested_at'], 'refresh_runs_requested_at_idx');
    table.index(['status'], 'refresh_runs_status_idx');
  });

  await knex.schema.createTable('tenant_activity', table => {
    table.comment('What the portal did to a tenant: vending steps, refreshes');
    table.string('id', 64).primary().notNullable();
    table.string('tenant_id', 63).notNullable();
    table.string('kind', 16).notNullable();
    table.text('summary').notNullable();
    table.string('task_id', 255).nullable();
    table.string('actor', 255).nullable();
    table.string('at', 32).notNullable();
    table.index(['tenant_id', 'at'], 'tenant_activity_tenant_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_activity');
  await knex.schema.dropTable('refresh_runs');
  await knex.schema.dropTable('tenants');
};
