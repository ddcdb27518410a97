import { ConflictError, NotFoundError } from '@backstage/errors';
import type { DatabaseService } from '@backstage/backend-plugin-api';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/**
 * A release of a tenant stack: a version is a template plus parameters. Times are ISO-8601 UTC.
 * @public
 */
export interface ReleaseRecord {
  stackSetName: string;
  version: string;
  templateBody: string;
  parameters: Array<{ key: string; value: string }>;
  /** Entity ref of who recorded it. */
  createdBy: string;
  createdAt: string;
}

/** One rollout of a release (a deploy, resumed or rolled back). @public */
export interface RolloutRecord {
  id: number;
  stackSetName: string;
  version: string;
  /** The version the StackSet ran before (what a rollback returns to); empty for the first. */
  previousVersion: string;
  /** `running`, `halted`, `completed`, `rolledBack`. */
  status: string;
  /** The scaffolder task running it. */
  taskId: string;
  startedBy: string;
  startedAt: string;
  /** The deploy's input (waves, preferences), JSON; resume replays it. */
  input: string;
  /** Index of the wave it halted at (or reached). */
  wave: number;
}

/** A stack instance's result in a release operation. @public */
export interface InstanceResultRecord {
  accountId: string;
  region: string;
  version: string;
  operationId: string;
  /** `SUCCEEDED`, `FAILED`, `CANCELLED`. */
  result: string;
  reason: string;
}

/**
 * Where releases, rollouts and per-instance results are recorded (tables `tenancy_releases`,
 * `tenancy_rollouts`, `tenancy_release_results` in the scaffolder's database).
 * @public
 */
export interface ReleaseStore {
  /** Records a release; the same version with another template or parameters is a ConflictError. */
  recordRelease(r: ReleaseRecord): Promise<void>;
  /** @throws NotFoundError when the version was never recorded. */
  getRelease(stackSetName: string, version: string): Promise<ReleaseRecord>;
  /**
   * Starts (or re-enters, for the same task) a rollout.
   * @throws ConflictError naming the running rollout when another task runs one on this StackSet.
   */
  beginRollout(
    r: Omit<RolloutRecord, 'id' | 'status' | 'wave'>,
  ): Promise<RolloutRecord>;
  updateRollout(
    id: number,
    patch: Partial<Pick<RolloutRecord, 'status' | 'wave' | 'taskId'>>,
  ): Promise<void>;
  /**
   * Marks a halted rollout running again under `taskId` (resume).
   * @throws ConflictError naming the running rollout when another one runs on the StackSet.
   */
  claimRollout(r: RolloutRecord, taskId: string): Promise<void>;
  /** The StackSet's latest rollout (optionally of one version). */
  latestRollout(
    stackSetName: string,
    version?: string,
  ): Promise<RolloutRecord | undefined>;
  recordResults(
    stackSetName: string,
    rows: InstanceResultRecord[],
    at: string,
  ): Promise<void>;
  /** Per account: the version of its last SUCCEEDED result. */
  deployedVersions(stackSetName: string): Promise<Map<string, string>>;
}

const RELEASES = 'tenancy_releases';
const ROLLOUTS = 'tenancy_rollouts';
const RESULTS = 'tenancy_release_results';

/** {@link ReleaseStore} on knex (SQLite or PostgreSQL); creates its tables on first use. @public */
export class KnexReleaseStore implements ReleaseStore {
  #ready?: Promise<void>;
  constructor(private readonly db: Knex) {}

  #schema(): Promise<void> {
    this.#ready ??= (async () => {
      // Another replica (or store) may create a table between the look and the create.
      const create = async (
        name: string,
        build: Parameters<Knex['schema']['createTable']>[1],
      ) => {
        if (await this.db.schema.hasTable(name)) return;
        await this.db.schema.createTable(name, build).catch(async e => {
          if (!(await this.db.schema.hasTable(name))) throw e;
        });
      };
      await create(RELEASES, t => {
        t.string('stack_set_name').notNullable();
        t.string('version').notNullable();
        t.text('template_body').notNullable();
        t.text('parameters').notNullable();
        t.string('created_by').notNullable();
        t.string('created_at').notNullable();
        t.primary(['stack_set_name', 'version']);
      });
      await create(ROLLOUTS, t => {
        t.increments('id');
        t.string('stack_set_name').notNullable().index();
        t.string('version').notNullable();
        t.string('previous_version').notNullable();
        t.string('status').notNullable();
        t.string('task_id').notNullable();
        t.string('started_by').notNullable();
        t.string('started_at').notNullable();
        t.text('input').notNullable();
        t.integer('wave').notNullable();
      });
      await create(RESULTS, t => {
        t.string('stack_set_name').notNullable();
        t.string('account_id').notNullable();
        t.string('region').notNullable();
        t.string('version').notNullable();
        t.string('operation_id').notNullable();
        t.string('result').notNullable();
        t.text('reason').notNullable();
        t.string('at').notNullable();
        t.primary(['stack_set_name', 'operation_id', 'account_id', 'region']);
      });
    })();
    return this.#ready;
  }

  async recordRelease(r: ReleaseRecord): Promise<void> {
    await this.#schema();
    const row = await this.db(RELEASES)
      .where({ stack_set_name: r.stackSetName, version: r.version })
      .first();
    const parameters = JSON.stringify(r.parameters);
    if (row) {
      if (row.template_body !== r.templateBody || row.parameters !== parameters)
        throw new ConflictError(
          `Release ${r.version} of ${r.stackSetName} was recorded by ${row.created_by} at ${row.created_at} with another template or parameters; give the new one another version`,
        );
      return;
    }
    await this.db(RELEASES).insert({
      stack_set_name: r.stackSetName,
      version: r.version,
      template_body: r.templateBody,
      parameters,
      created_by: r.createdBy,
      created_at: r.createdAt,
    });
  }

  async getRelease(stackSetName: string, version: string) {
    await this.#schema();
    const row = await this.db(RELEASES)
      .where({ stack_set_name: stackSetName, version })
      .first();
    if (!row)
      throw new NotFoundError(
        `Release ${version} of ${stackSetName} was never recorded; deploy it with its template first`,
      );
    return {
      stackSetName,
      version,
      templateBody: row.template_body,
      parameters: JSON.parse(row.parameters),
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }

  async beginRollout(
    r: Omit<RolloutRecord, 'id' | 'status' | 'wave'>,
  ): Promise<RolloutRecord> {
    await this.#schema();
    return this.db.transaction(async tx => {
      const running = await runningOther(tx, r.stackSetName, r.taskId);
      const mine = await tx(ROLLOUTS)
        .where({
          stack_set_name: r.stackSetName,
          task_id: r.taskId,
          version: r.version,
        })
        .orderBy('id', 'desc')
        .first();
      if (mine) return toRollout(mine);
      if (running) throw runningError(running);
      const [row] = await tx(ROLLOUTS)
        .insert({
          stack_set_name: r.stackSetName,
          version: r.version,
          previous_version: r.previousVersion,
          status: 'running',
          task_id: r.taskId,
          started_by: r.startedBy,
          started_at: r.startedAt,
          input: r.input,
          wave: 0,
        })
        .returning('id');
      const id = typeof row === 'object' ? row.id : row;
      return toRollout(await tx(ROLLOUTS).where({ id }).first());
    });
  }

  async updateRollout(
    id: number,
    patch: Partial<Pick<RolloutRecord, 'status' | 'wave' | 'taskId'>>,
  ): Promise<void> {
    await this.#schema();
    await this.db(ROLLOUTS)
      .where({ id })
      .update({
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.wave !== undefined ? { wave: patch.wave } : {}),
        ...(patch.taskId !== undefined ? { task_id: patch.taskId } : {}),
      });
  }

  async claimRollout(r: RolloutRecord, taskId: string): Promise<void> {
    await this.#schema();
    await this.db.transaction(async tx => {
      const running = await runningOther(tx, r.stackSetName, taskId);
      if (running && Number(running.id) !== r.id) throw runningError(running);
      await tx(ROLLOUTS)
        .where({ id: r.id })
        .update({ status: 'running', task_id: taskId });
    });
  }

  async latestRollout(stackSetName: string, version?: string) {
    await this.#schema();
    const row = await this.db(ROLLOUTS)
      .where({ stack_set_name: stackSetName, ...(version ? { version } : {}) })
      .orderBy('id', 'desc')
      .first();
    return row ? toRollout(row) : undefined;
  }

  async recordResults(
    stackSetName: string,
    rows: InstanceResultRecord[],
    at: string,
  ): Promise<void> {
    await this.#schema();
    for (const r of rows) {
      await this.db(RESULTS)
        .insert({
          stack_set_name: stackSetName,
          account_id: r.accountId,
          region: r.region,
          version: r.version,
          operation_id: r.operationId,
          result: r.result,
          reason: r.reason,
          at,
        })
        .onConflict(['stack_set_name', 'operation_id', 'account_id', 'region'])
        .merge();
    }
  }

  async deployedVersions(stackSetName: string): Promise<Map<string, string>> {
    await this.#schema();
    const rows = await this.db(RESULTS)
      .where({ stack_set_name: stackSetName, result: 'SUCCEEDED' })
      .orderBy('at', 'asc');
    return new Map(
      rows.map(r => [r.account_id as string, r.version as string]),
    );
  }
}

/** A running rollout of the StackSet started by another task. */
function runningOther(tx: Knex, stackSetName: string, taskId: string) {
  return tx(ROLLOUTS)
    .where({ stack_set_name: stackSetName, status: 'running' })
    .whereNot({ task_id: taskId })
    .first();
}

function runningError(row: any): ConflictError {
  return new ConflictError(
    `Rollout of ${row.stack_set_name} ${row.version} is running (task ${row.task_id}, started by ${row.started_by} at ${row.started_at}); wait for it to finish, or resume it if it halted`,
  );
}

function toRollout(row: any): RolloutRecord {
  return {
    id: Number(row.id),
    stackSetName: row.stack_set_name,
    version: row.version,
    previousVersion: row.previous_version,
    status: row.status,
    taskId: row.task_id,
    startedBy: row.started_by,
    startedAt: row.started_at,
    input: row.input,
    wave: Number(row.wave),
  };
}
