/*
 * Tenants backend schema: the deployments source (the tenant stack's release per
 * tenant): its snapshot table and the tenants list's release column.
 * Named to sort after 20261206_tenant_events.js (knex orders migrations by file name).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_deployments', table => {
    table.comment(
      'Tenant stack deployments of each tenant as last collected (JSON TenantDeployments)',
    );
    table.string('tenant_id', 63).primary().notNullable();
    table.string('account_id', 12).notNullable();
    table.text('data').notNullable();
    table.string('collected_at', 32).notNullable();
  });
  await knex.schema.alterTable('tenants', table => {
    table
      .string('release_version', 128)
      .nullable()
      .comment("The tenant stack's release the tenant runs ('' unknown)");
    table
      .string('release_status', 16)
      .nullable()
      .comment(
        'current, behind, suspended, drifted, failed; null: no instance',
      );
    table.index(['release_status'], 'tenants_release_status_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('tenants', table => {
    table.dropIndex(['release_status'], 'tenants_release_status_idx');
    table.dropColumn('release_status');
    table.dropColumn('release_version');
  });
  await knex.schema.dropTable('tenant_deployments');
};
