/*
 * The live-state event ledger (src/events/): `tenant_events` holds one row per EventBridge event
 * the consumer has settled (applied, or ignored as a duplicate, older, for an unknown account or
 * of an unknown shape), so a redelivered message is recognised by its event id; and
 * `tenant_event_marks` the time of the newest applied event per tenant and value (`alarm:<name>`,
 * `config:<rule>`, `tags`, `ou`, `state`, `baseline`), so an older event never overwrites a newer one.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_events', table => {
    table.string('event_id', 100).primary().notNullable();
    table.string('detail_type', 200).notNullable();
    table.string('account_id', 12).nullable();
    table.string('tenant_id', 100).nullable();
    table.string('event_time', 40).notNullable();
    table.string('outcome', 40).notNullable();
    table.string('settled_at', 40).notNullable();
    table.index(['settled_at'], 'tenant_events_settled_at_idx');
  });
  await knex.schema.createTable('tenant_event_marks', table => {
    table.string('tenant_id', 100).notNullable();
    table.string('mark', 300).notNullable();
    table.string('event_time', 40).notNullable();
    table.primary(['tenant_id', 'mark']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('tenant_event_marks');
  await knex.schema.dropTable('tenant_events');
};
