/**
 * Cost Anomaly Detection monitors (Cost Explorer GetAnomalyMonitors, CreateAnomalyMonitor,
 * DeleteAnomalyMonitor). The organization starts with one AWS managed (DIMENSIONAL) monitor by
 * LINKED_ACCOUNT, as the console's default set-up creates; delete it to see "no monitor".
 */
import type { OperationContext, OperationHandler } from '../../core/service';
import type { AnomalyMonitorRecord } from '../../core/state';
import { AwsServiceError } from '../../core/errors';
import { pageList } from '../../core/pageToken';
import { formatDay, dayOf } from '../../core/dates';
import { hexId, hashString } from '../../core/random';
import { int, list, str } from '../../core/input';
import { ceValidation } from './costFilter';

const DIMENSIONS = [
  'SERVICE',
  'LINKED_ACCOUNT',
  'TAG',
  'COST_CATEGORY',
] as const;

/** The monitor every new sandbox organization has. */
export function defaultMonitor(
  managementAccountId: string,
  createdDate: string,
): AnomalyMonitorRecord {
  return {
    arn: `arn:aws:ce::${managementAccountId}:anomalymonitor/${hexId(
      8,
      1,
    )}-${hexId(4, 2)}-${hexId(4, 3)}-${hexId(4, 4)}-${hexId(12, 5)}`,
    name: 'Default-Linked-Account-Monitor',
    type: 'DIMENSIONAL',
    dimension: 'LINKED_ACCOUNT',
    createdDate,
  };
}

/** The payer's monitors (the default one for a state that predates monitors). */
export function monitorsOf(ctx: OperationContext): AnomalyMonitorRecord[] {
  if (!ctx.state.anomalyMonitors) {
    ctx.state.anomalyMonitors = [
      defaultMonitor(
        ctx.org.managementAccountId,
        ctx.state.anchor.slice(0, 10),
      ),
    ];
  }
  return ctx.state.anomalyMonitors;
}

/** The monitor of an ARN. @throws UnknownMonitorException */
export function findMonitor(
  ctx: OperationContext,
  arn: string,
): AnomalyMonitorRecord {
  const m = monitorsOf(ctx).find(x => x.arn === arn);
  if (!m)
    throw new AwsServiceError(
      'UnknownMonitorException',
      `Monitor ${arn} does not exist.`,
    );
  return m;
}

const shape = (m: AnomalyMonitorRecord, today: string) => ({
  MonitorArn: m.arn,
  MonitorName: m.name,
  MonitorType: m.type,
  CreationDate: m.createdDate,
  LastUpdatedDate: m.createdDate,
  LastEvaluatedDate: today,
  ...(m.dimension ? { MonitorDimension: m.dimension } : {}),
  ...(m.specification ? { MonitorSpecification: m.specification } : {}),
});

/** GetAnomalyMonitors: every monitor, or those of MonitorArnList; paged. */
export const getAnomalyMonitors: OperationHandler = (input, ctx) => {
  const arns = list<string>(input.MonitorArnList);
  const monitors = arns.length
    ? arns.map(a => findMonitor(ctx, a))
    : monitorsOf(ctx);
  const max = int(input.MaxResults, 'MaxResults', ceValidation);
  const { page, nextToken } = pageList(monitors, {
    maxResults: max,
    nextToken: str(input.NextPageToken),
    defaultMax: 100,
    key: 'anomalyMonitors',
    invalidToken: () => ceValidation('Invalid NextPageToken'),
  });
  const today = formatDay(dayOf(ctx.now()));
  return {
    AnomalyMonitors: page.map(m => shape(m, today)),
    ...(nextToken ? { NextPageToken: nextToken } : {}),
  };
};

/** CreateAnomalyMonitor: DIMENSIONAL with a MonitorDimension, or CUSTOM with a specification. */
export const createAnomalyMonitor: OperationHandler = (input, ctx) => {
  const m = input.AnomalyMonitor ?? {};
  const name = str(m.MonitorName);
  if (!name) throw ceValidation('MonitorName is required.');
  const type = m.MonitorType;
  if (type !== 'DIMENSIONAL' && type !== 'CUSTOM')
    throw ceValidation('MonitorType must be DIMENSIONAL or CUSTOM.');
  if (type === 'DIMENSIONAL' && !DIMENSIONS.includes(m.MonitorDimension))
    throw ceValidation(
      `A DIMENSIONAL monitor needs MonitorDimension: one of ${DIMENSIONS.join(
        ', ',
      )}.`,
    );
  if (type === 'CUSTOM' && (m.MonitorDimension || !m.MonitorSpecification))
    throw ceValidation(
      'A CUSTOM monitor takes a MonitorSpecification and no MonitorDimension.',
    );
  const monitors = monitorsOf(ctx);
  const n = (ctx.state.counters.anomalyMonitor ?? 0) + 1;
  ctx.state.counters.anomalyMonitor = n;
  const record: AnomalyMonitorRecord = {
    arn: `arn:aws:ce::${ctx.org.managementAccountId}:anomalymonitor/${hexId(
      8,
      hashString(name),
      n,
    )}-${hexId(4, n, 2)}-${hexId(4, n, 3)}-${hexId(4, n, 4)}-${hexId(
      12,
      n,
      5,
    )}`,
    name,
    type,
    ...(type === 'DIMENSIONAL'
      ? { dimension: m.MonitorDimension }
      : { specification: m.MonitorSpecification }),
    createdDate: formatDay(dayOf(ctx.now())),
  };
  monitors.push(record);
  return { MonitorArn: record.arn };
};

/** DeleteAnomalyMonitor. @throws UnknownMonitorException */
export const deleteAnomalyMonitor: OperationHandler = (input, ctx) => {
  const m = findMonitor(ctx, str(input.MonitorArn) ?? '');
  ctx.state.anomalyMonitors = monitorsOf(ctx).filter(x => x !== m);
  return {};
};
