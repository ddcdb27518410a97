/**
 * The real SDK v3 CloudWatch client in each protocol CloudWatch accepts: its default
 * (awsJson1_0, query-compatible), and the same client switched to Smithy RPC v2 CBOR (as newer
 * SDKs speak) or to awsQuery (as the AWS CLI 2.9 and older SDKs speak). Each parses the
 * sandbox's answers into the same output and its errors into the modeled exception class.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  InvalidParameterValueException,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  AwsJson1_0Protocol,
  AwsQueryProtocol,
  AwsSmithyRpcV2CborProtocol,
} from '@aws-sdk/core/protocols';
import { RunningSandbox, startSandbox } from '../sandbox';

const TENANT = '595344926197';
const START = new Date('2026-03-15T09:00:00.000Z');
const END = new Date('2026-03-15T12:00:00.000Z');

/** What each protocol's requests look like on the wire: path, and the header that selects it. */
const REQUEST_SHAPES = {
  awsJson1_0: {
    path: '/',
    header: ['x-amz-target', 'GraniteServiceVersion20100801.GetMetricData'],
  },
  rpcv2Cbor: {
    path: '/service/GraniteServiceVersion20100801/operation/GetMetricData',
    header: ['smithy-protocol', 'rpc-v2-cbor'],
  },
  awsQuery: {
    path: '/',
    header: ['content-type', 'application/x-www-form-urlencoded'],
  },
} as const;

const PROTOCOLS = {
  awsJson1_0: AwsJson1_0Protocol,
  rpcv2Cbor: AwsSmithyRpcV2CborProtocol,
  awsQuery: AwsQueryProtocol,
} as const;

describe.each(Object.keys(PROTOCOLS) as (keyof typeof PROTOCOLS)[])(
  'SDK v3 CloudWatch client speaking %s',
  name => {
    let sandbox: RunningSandbox;
    let client: CloudWatchClient;
    const sent: { path: string; headers: Record<string, string> }[] = [];
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, tenants: 20, seed: 1 });
      client = new CloudWatchClient({
        endpoint: sandbox.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: '000000000001', secretAccessKey: 'x' },
        maxAttempts: 1,
        protocol: PROTOCOLS[name] as any,
      });
      client.middlewareStack.add(
        next => async (args: any) => {
          sent.push({ path: args.request.path, headers: args.request.headers });
          return next(args);
        },
        { step: 'finalizeRequest', name: 'recordWireShape' },
      );
    });
    afterAll(() => sandbox.stop());

    it('GetMetricData: the datapoints of tenant 595344926197, 09:00–11:00 UTC', async () => {
      const res = await client.send(
        new GetMetricDataCommand({
          StartTime: START,
          EndTime: END,
          ScanBy: 'TimestampAscending',
          MaxDatapoints: 2,
          MetricDataQueries: [
            {
              Id: 'inv',
              AccountId: TENANT,
              MetricStat: {
                Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' },
                Period: 3600,
                Stat: 'Sum',
              },
              ReturnData: true,
            },
          ],
        }),
      );
      // MaxDatapoints 2 of 3: a partial first page with a NextToken.
      expect(res.MetricDataResults).toEqual([
        {
          Id: 'inv',
          Label: 'Invocations',
          Timestamps: [
            new Date('2026-03-15T09:00:00.000Z'),
            new Date('2026-03-15T10:00:00.000Z'),
          ],
          Values: [243, 304],
          StatusCode: 'PartialData',
          Messages: [],
        },
      ]);
      expect(typeof res.NextToken).toBe('string');
      expect(sandbox.stats().calls['CloudWatch.GetMetricData']).toBe(1);
      const shape = REQUEST_SHAPES[name];
      expect(sent[0].path).toBe(shape.path);
      const headers = Object.fromEntries(
        Object.entries(sent[0].headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      expect(headers[shape.header[0]]).toContain(shape.header[1]);
    });

    it('DescribeAlarms pages and ListMetrics filters the same way', async () => {
      const first = await client.send(
        new DescribeAlarmsCommand({ MaxRecords: 2 }),
      );
      expect(first.MetricAlarms!.map(a => [a.AlarmName, a.Threshold])).toEqual([
        ['tenancy/amber-ventures/api-5xx', 25],
        ['tenancy/amber-ventures/dynamodb-throttles', 0],
      ]);
      const second = await client.send(
        new DescribeAlarmsCommand({
          MaxRecords: 2,
          NextToken: first.NextToken,
        }),
      );
      expect(second.MetricAlarms).toHaveLength(2);
      expect(second.MetricAlarms![0].AlarmName).not.toBe(
        first.MetricAlarms![1].AlarmName,
      );
      const metrics = await client.send(
        new ListMetricsCommand({
          IncludeLinkedAccounts: true,
          OwningAccount: TENANT,
          Namespace: 'AWS/Lambda',
          MetricName: 'Invocations',
        }),
      );
      expect(metrics.Metrics!.map(m => m.Dimensions)).toEqual([
        [],
        [{ Name: 'FunctionName', Value: 'summit-studios-api' }],
        [{ Name: 'FunctionName', Value: 'summit-studios-worker' }],
      ]);
      expect(metrics.OwningAccounts).toEqual([TENANT, TENANT, TENANT]);
    });

    it("an invalid request is InvalidParameterValueException with AWS's message", async () => {
      const error = await client
        .send(
          new GetMetricDataCommand({
            StartTime: END,
            EndTime: START,
            MetricDataQueries: [
              {
                Id: 'inv',
                MetricStat: {
                  Metric: {
                    Namespace: 'AWS/Lambda',
                    MetricName: 'Invocations',
                  },
                  Period: 3600,
                  Stat: 'Sum',
                },
              },
            ],
          }),
        )
        .catch(e => e);
      expect(error).toBeInstanceOf(InvalidParameterValueException);
      expect(error.message).toBe(
        'The parameter StartTime must be less than the parameter EndTime.',
      );
      expect(error.$metadata.httpStatusCode).toBe(400);
    });
  },
);
