/**
 * Runs a parsed Logs Insights query over generated log events, the way Logs Insights answers:
 * every value a string, `@timestamp` as `YYYY-MM-DD HH:MM:SS.mmm` (UTC), `@log` as
 * `<account id>:<log group name>`, `@ptr` added to each row of a non-`stats` query, and the
 * statistics (records scanned and matched, bytes scanned).
 */
import type { Command, Condition } from './insightsQuery';
import { LogEvent, LogGroupModel } from './logModel';

/** One result row: `[{ field, value }]` as GetQueryResults returns it. */
export type ResultRow = Array<{ field: string; value: string }>;

/** What a finished query holds. */
export interface QueryOutcome {
  results: ResultRow[];
  statistics: {
    recordsMatched: number;
    recordsScanned: number;
    bytesScanned: number;
  };
}

type Row = Record<string, string>;

function insightsTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function toRow(group: LogGroupModel, event: LogEvent, ptr: string): Row {
  return {
    ...event.fields,
    '@timestamp': insightsTimestamp(event.timestamp),
    '@message': event.message,
    '@logStream': event.logStream,
    '@log': `${group.accountId}:${group.name}`,
    '@ptr': ptr,
  };
}

function matches(row: Row, c: Condition): boolean {
  const v = row[c.field];
  if (c.op === 'like') return v !== undefined && c.pattern.test(v);
  if (c.op === '=') return v === c.value;
  return v !== c.value;
}

function compare(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const na = Number(a);
  const nb = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) {
    return na - nb;
  }
  return a < b ? -1 : 1;
}

function stats(rows: Row[], alias: string, by: string[]): Row[] {
  const groups = new Map<string, { row: Row; count: number }>();
  for (const row of rows) {
    const key = JSON.stringify(by.map(f => row[f] ?? null));
    const g = groups.get(key);
    if (g) g.count++;
    else {
      const out: Row = {};
      for (const f of by) if (row[f] !== undefined) out[f] = row[f];
      groups.set(key, { row: out, count: 1 });
    }
  }
  return [...groups.values()].map(g => ({
    ...g.row,
    [alias]: String(g.count),
  }));
}

/**
 * Runs `commands` over the events of `groups`; `limit` is StartQuery's `limit` (rows returned).
 * `ptrOf` names each event's `@ptr`.
 */
export function runQuery(
  commands: Command[],
  sources: Array<{ group: LogGroupModel; events: LogEvent[] }>,
  limit: number,
  ptrOf: (group: LogGroupModel, event: LogEvent) => string,
): QueryOutcome {
  let rows: Row[] = [];
  let bytesScanned = 0;
  for (const { group, events } of sources) {
    for (const e of events) {
      bytesScanned += Buffer.byteLength(e.message);
      rows.push(toRow(group, e, ptrOf(group, e)));
    }
  }
  const recordsScanned = rows.length;
  let display: string[] | undefined;
  let aggregated = false;
  let rowLimit = limit;
  let recordsMatched = recordsScanned;
  for (const c of commands) {
    switch (c.kind) {
      case 'filter':
        rows = rows.filter(r => c.conditions.every(cond => matches(r, cond)));
        if (!aggregated) recordsMatched = rows.length;
        break;
      case 'fields':
        display = c.fields;
        break;
      case 'sort': {
        const sign = c.descending ? -1 : 1;
        rows = [...rows].sort((a, b) => sign * compare(a[c.field], b[c.field]));
        break;
      }
      case 'limit':
        rowLimit = Math.min(rowLimit, c.count);
        rows = rows.slice(0, c.count);
        break;
      case 'stats':
        rows = stats(rows, c.alias, c.by);
        display = [...c.by, c.alias];
        aggregated = true;
        break;
      default:
        break;
    }
  }
  const shown = display ?? ['@timestamp', '@message'];
  const results = rows.slice(0, rowLimit).map(row => {
    const fields = aggregated ? shown : [...shown, '@ptr'];
    return fields
      .filter(f => row[f] !== undefined)
      .map(field => ({ field, value: row[field] }));
  });
  return {
    results,
    statistics: { recordsMatched, recordsScanned, bytesScanned },
  };
}
