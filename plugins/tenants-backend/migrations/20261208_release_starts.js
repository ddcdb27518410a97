/*
 * Tenants backend schema: who started each tenant-stack release operation, as the release
 * actions record it (`POST /releases/starts`), for the deployments history's "who".
 * Named to sort after 20261207_deployments.js (knex orders migrations by file name).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('release_starts', table => {
    table.comment(
      'Who started the release operations whose ids start with operation_prefix',
    );
    table.string('operation_prefix', 128).primary().notNullable();
    table.string('version', 128).notNullable();
    table.string('started_by', 255).notNullable();
    table.string('started_at', 32).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('release_starts');
};
