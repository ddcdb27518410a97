import type { Knex } from 'knex';

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

const CHUNK = 500;
/** Report lines per database page when a report is streamed. */
const LINES_PER_PAGE = 5000;

/**
 * Persistence of the finance snapshot (migration `20261206_finance.js`): the chargeback reports
 * with their escaped CSV lines, and one JSON document per (kind, key) of the last refresh.
 */
export class FinanceStore {
  constructor(private readonly db: Knex) {}

  /** Replaces a month's report and its lines in one transaction. */
  async putReport(
    report: StoredReport,
    lines: Record<ReportPart, string[]>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_finance_report_lines')
        .where({ month: report.month })
        .delete();
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
      for (const part of ['rows', 'summary'] as const) {
        const rows = lines[part].map((line, seq) => ({
          month: report.month,
          part,
          seq,
          line,
        }));
        for (let i = 0; i < rows.length; i += CHUNK)
          await tx('tenant_finance_report_lines').insert(
            rows.slice(i, i + CHUNK),
          );
      }
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
