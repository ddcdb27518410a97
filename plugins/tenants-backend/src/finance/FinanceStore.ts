import type { Knex } from 'knex';
import { amountToText, parseAmount, type Amount } from '../spend/money';

/** A stored report's listing entry. */
export interface StoredReport {
  /** `YYYY-MM` */
  month: string;
  /** ISO-8601 UTC */
  generatedAt: string;
  /** USD, 2 decimals: the month's headline total. */
  total: string;
  rowCount: number;
  tenantCount: number;
}

/** Which CSV of a report. */
export type ReportPart = 'rows' | 'summary';

/** One Cost Explorer line staged while a report is generated (one metric of one group). */
export interface StagedLine {
  accountId: string;
  service: string;
  recordType: string;
  /** `UnblendedCost` (FOCUS BilledCost) or `AmortizedCost` (EffectiveCost). */
  metric: string;
  /** Exact USD. */
  amount: Amount;
}

/**
 * The part a report's lines are written under until the report is published: one per
 * generation (`buildId`), so two generations of one month never write into each other's lines
 * (migration `20261211_finance_report_builds.js`).
 */
const pending = (part: ReportPart, buildId: string) => `${part}~${buildId}`;

const CHUNK = 500;
/** Report lines per database page when a report is streamed. */
const LINES_PER_PAGE = 5000;

/**
 * Persistence of the finance snapshot (migration `20261206_finance.js`): the chargeback reports
 * with their escaped CSV lines, and one JSON document per (kind, key) of the last refresh; and
 * the Cost Explorer lines of a report being generated (`20261210_finance_report_staging.js`).
 */
export class FinanceStore {
  constructor(private readonly db: Knex) {}

  /** Stages Cost Explorer lines of the report being generated as `buildId`. */
  async stageLines(buildId: string, lines: readonly StagedLine[]) {
    const rows = lines.map(l => ({
      build_id: buildId,
      account_id: l.accountId,
      service: l.service,
      record_type: l.recordType,
      metric: l.metric,
      amount: amountToText(l.amount),
    }));
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.db('tenant_finance_report_staging').insert(
        rows.slice(i, i + CHUNK),
      );
  }

  /** The distinct account ids `buildId` staged (one per account, not per line). */
  async stagedAccounts(buildId: string): Promise<string[]> {
    const rows = await this.db('tenant_finance_report_staging')
      .where({ build_id: buildId })
      .distinct('account_id')
      .orderBy('account_id');
    return rows.map(r => r.account_id as string);
  }

  /** The staged lines of some accounts of `buildId` (a key may come several times). */
  async stagedLines(
    buildId: string,
    accountIds: readonly string[],
  ): Promise<StagedLine[]> {
    const rows = await this.db('tenant_finance_report_staging')
      .where({ build_id: buildId })
      .whereIn('account_id', accountIds)
      .select('account_id', 'service', 'record_type', 'metric', 'amount');
    return rows.map(r => ({
      accountId: r.account_id,
      service: r.service,
      recordType: r.record_type,
      metric: r.metric,
      amount: parseAmount(r.amount),
    }));
  }

  /**
   * Removes what generation `buildId` staged and the report lines it wrote but did not publish
   * (none once published).
   */
  async clearStaging(buildId: string): Promise<void> {
    await this.db('tenant_finance_report_staging')
      .where({ build_id: buildId })
      .delete();
    await this.db('tenant_finance_report_lines')
      .whereIn('part', [pending('rows', buildId), pending('summary', buildId)])
      .delete();
  }

  /**
   * Appends CSV lines (from line number `seq` on) to the part of a month's report that
   * generation `buildId` is writing, not served until {@link FinanceStore.publishReport}.
   */
  async appendPendingLines(
    buildId: string,
    month: string,
    part: ReportPart,
    seq: number,
    lines: readonly string[],
  ): Promise<void> {
    const rows = lines.map((line, i) => ({
      month,
      part: pending(part, buildId),
      seq: seq + i,
      line,
    }));
    for (let i = 0; i < rows.length; i += CHUNK)
      await this.db('tenant_finance_report_lines').insert(
        rows.slice(i, i + CHUNK),
      );
  }

  /**
   * Replaces a month's report by the one generation `buildId` wrote, in one transaction. Of two
   * generations of one month, the one published last is stored; each is whole.
   */
  async publishReport(report: StoredReport, buildId: string): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_finance_report_lines')
        .where({ month: report.month })
        .whereIn('part', ['rows', 'summary'])
        .delete();
      for (const part of ['rows', 'summary'] as const)
        await tx('tenant_finance_report_lines')
          .where({ month: report.month, part: pending(part, buildId) })
          .update({ part });
      await tx('tenant_finance_reports')
        .where({ month: report.month })
        .delete();
      await tx('tenant_finance_reports').insert({
        month: report.month,
        generated_at: report.generatedAt,
        total: report.total,
        row_count: report.rowCount,
        tenant_count: report.tenantCount,
      });
    });
  }

  /** The stored reports, newest month first. */
  async listReports(): Promise<StoredReport[]> {
    const rows = await this.db('tenant_finance_reports').orderBy(
      'month',
      'desc',
    );
    return rows.map(r => ({
      month: r.month,
      generatedAt: r.generated_at,
      total: r.total,
      rowCount: Number(r.row_count),
      tenantCount: Number(r.tenant_count),
    }));
  }

  /** Whether a month has a stored report. */
  async hasReport(month: string): Promise<boolean> {
    return !!(await this.db('tenant_finance_reports').where({ month }).first());
  }

  /**
   * One report's CSV lines in order (header first), read in keyset pages of `pageSize` lines
   * (by `seq`), so that a caller streaming them holds one page at a time, never the report.
   */
  async *reportLinePages(
    month: string,
    part: ReportPart,
    pageSize = LINES_PER_PAGE,
  ): AsyncGenerator<string[]> {
    let after = -1;
    for (;;) {
      const rows = await this.db('tenant_finance_report_lines')
        .where({ month, part })
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageSize)
        .select('seq', 'line');
      if (rows.length === 0) return;
      yield rows.map(r => r.line as string);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1].seq);
    }
  }

  /** One report's CSV lines in order (header first); undefined when the month has no report. */
  async reportLines(
    month: string,
    part: ReportPart,
  ): Promise<string[] | undefined> {
    if (!(await this.hasReport(month))) return undefined;
    const out: string[] = [];
    for await (const page of this.reportLinePages(month, part))
      out.push(...page);
    return out;
  }

  /** Replaces every document of `kind` with `docs` (key → JSON value). */
  async replaceDocuments(
    kind: string,
    docs: ReadonlyMap<string, unknown>,
    now: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_finance_documents').where({ kind }).delete();
      const rows = [...docs.entries()].map(([key, body]) => ({
        kind,
        key,
        body: JSON.stringify(body),
        updated_at: now.toISOString(),
      }));
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx('tenant_finance_documents').insert(rows.slice(i, i + CHUNK));
    });
  }

  /** One document with when it was written; undefined when there is none. */
  async document<T>(
    kind: string,
    key: string,
  ): Promise<{ body: T; updatedAt: string } | undefined> {
    const row = await this.db('tenant_finance_documents')
      .where({ kind, key })
      .first();
    return row
      ? { body: JSON.parse(row.body) as T, updatedAt: row.updated_at }
      : undefined;
  }

  /** Every document of a kind, by key. */
  async documents<T>(kind: string): Promise<Map<string, T>> {
    const rows = await this.db('tenant_finance_documents')
      .where({ kind })
      .select('key', 'body');
    return new Map(rows.map(r => [r.key as string, JSON.parse(r.body) as T]));
  }
}
