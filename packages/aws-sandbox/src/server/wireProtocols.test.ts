/**
 * CloudWatch in every wire protocol AWS accepts for it, at the HTTP level: awsQuery (the AWS
 * CLI 2.9 and older SDKs), awsJson1_0 (the pinned SDK v3) and Smithy RPC v2 CBOR (newer
 * SDKs and CLIs), chosen by the request's shape, each answering in its own format, errors
 * included.
 */
import { RunningSandbox, startSandbox } from '../sandbox';
import { CborDouble, decodeCbor, encodeCbor } from '../protocols/cbor';

const MONITORING = '000000000001';
const TARGET = 'GraniteServiceVersion20100801';
const AUTH = `AWS4-HMAC-SHA256 Credential=${MONITORING}/20260315/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0`;
const START = new Date('2026-03-15T09:00:00.000Z');
const END = new Date('2026-03-15T12:00:00.000Z');

/** Invocations (Sum, 1 hour) of tenant 595344926197 (seed 1), 09:00, 10:00, 11:00 UTC on 2026-03-15. */
const EXPECTED_VALUES = [243, 304, 389];

type Protocol = 'query' | 'json' | 'cbor';

/** Query form fields as botocore writes them: `.member.N` lists, `.Name` members, ISO dates. */
function formFields(
  prefix: string,
  value: unknown,
  out: URLSearchParams,
): void {
  if (value instanceof Date) out.set(prefix, value.toISOString());
  else if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, '');
    value.forEach((v, i) => formFields(`${prefix}.member.${i + 1}`, v, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      formFields(prefix ? `${prefix}.${k}` : k, v, out);
    }
  } else if (value !== undefined) out.set(prefix, String(value));
}

async function call(
  sandbox: RunningSandbox,
  protocol: Protocol,
  operation: string,
  input: Record<string, unknown>,
) {
  let res: Response;
  if (protocol === 'query') {
    const form = new URLSearchParams({
      Action: operation,
      Version: '2010-08-01',
    });
    formFields('', input, form);
    res = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: {
        authorization: AUTH,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: form.toString(),
    });
  } else if (protocol === 'json') {
    res = await fetch(sandbox.endpoint, {
      method: 'POST',
      headers: {
        authorization: AUTH,
        'x-amz-target': `${TARGET}.${operation}`,
        'content-type': 'application/x-amz-json-1.0',
      },
      body: JSON.stringify(input, (_k, v) =>
        typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)
          ? Date.parse(v) / 1000
          : v,
      ),
    });
  } else {
    res = await fetch(
      `${sandbox.endpoint}/service/${TARGET}/operation/${operation}`,
      {
        method: 'POST',
        headers: {
          authorization: AUTH,
          'smithy-protocol': 'rpc-v2-cbor',
          'content-type': 'application/cbor',
          accept: 'application/cbor',
        },
        body: encodeCbor(input),
      },
    );
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes };
}

describe('CloudWatch wire protocols (query, JSON 1.0, RPC v2 CBOR)', () => {
  let sandbox: RunningSandbox;
  let tenant: string;
  const metricQuery = () => ({
    MetricDataQueries: [
      {
        Id: 'inv',
        AccountId: tenant,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/Lambda',
            MetricName: 'Invocations',
            Dimensions: [],
          },
          Period: 3600,
          Stat: 'Sum',
        },
        ReturnData: true,
      },
      {
        Id: 'hidden',
        AccountId: tenant,
        MetricStat: {
          Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors' },
          Period: 3600,
          Stat: 'Sum',
        },
        ReturnData: false,
      },
    ],
    StartTime: START,
    EndTime: END,
    ScanBy: 'TimestampAscending',
    MaxDatapoints: 100,
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, tenants: 20, seed: 1 });
    tenant = sandbox.state.org.tenantAccounts()[1].id;
  });
  afterAll(() => sandbox.stop());

  it('GetMetricData answers the same datapoints in each protocol, each in its own format', async () => {
    expect(tenant).toBe('595344926197');
    const json = await call(sandbox, 'json', 'GetMetricData', metricQuery());
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    const expected = JSON.parse(json.bytes.toString('utf8'));
    expect(expected).toEqual({
      MetricDataResults: [
        {
          Id: 'inv',
          Label: 'Invocations',
          Timestamps: [1773565200, 1773568800, 1773572400],
          Values: [EXPECTED_VALUES[0], EXPECTED_VALUES[1], EXPECTED_VALUES[2]],
          StatusCode: 'Complete',
          Messages: [],
        },
      ],
      Messages: [],
    });

    const query = await call(sandbox, 'query', 'GetMetricData', metricQuery());
    expect(query.status).toBe(200);
    expect(query.headers.get('content-type')).toBe('text/xml');
    const requestId = query.headers.get('x-amzn-requestid');
    expect(query.bytes.toString('utf8')).toBe(
      '<GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">' +
        '<GetMetricDataResult><MetricDataResults><member><Id>inv</Id><Label>Invocations</Label>' +
        '<Timestamps><member>2026-03-15T09:00:00.000Z</member><member>2026-03-15T10:00:00.000Z</member>' +
        '<member>2026-03-15T11:00:00.000Z</member></Timestamps>' +
        `<Values>${EXPECTED_VALUES.map(v => `<member>${v}</member>`).join(
          '',
        )}</Values>` +
        '<StatusCode>Complete</StatusCode><Messages></Messages></member></MetricDataResults>' +
        '<Messages></Messages></GetMetricDataResult>' +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetMetricDataResponse>`,
    );

    const cbor = await call(sandbox, 'cbor', 'GetMetricData', metricQuery());
    expect(cbor.status).toBe(200);
    expect(cbor.headers.get('smithy-protocol')).toBe('rpc-v2-cbor');
    expect(cbor.headers.get('content-type')).toBe('application/cbor');
    // Byte for byte: timestamps as tag 1, every datapoint a float64 even when whole.
    expect(
      cbor.bytes.equals(
        encodeCbor({
          MetricDataResults: [
            {
              Id: 'inv',
              Label: 'Invocations',
              Timestamps: [
                new Date('2026-03-15T09:00:00Z'),
                new Date('2026-03-15T10:00:00Z'),
                new Date('2026-03-15T11:00:00Z'),
              ],
              Values: EXPECTED_VALUES.map(v => new CborDouble(v)),
              StatusCode: 'Complete',
              Messages: [],
            },
          ],
          Messages: [],
        }),
      ),
    ).toBe(true);
    expect(sandbox.stats().calls['CloudWatch.GetMetricData']).toBe(3);
  });

  it('reads query strings as the JSON types: MaxRecords, IncludeLinkedAccounts, empty lists', async () => {
    const query = await call(sandbox, 'query', 'DescribeAlarms', {
      AlarmNamePrefix: 'tenancy/',
      MaxRecords: 2,
      AlarmTypes: ['MetricAlarm'],
    });
    const json = await call(sandbox, 'json', 'DescribeAlarms', {
      AlarmNamePrefix: 'tenancy/',
      MaxRecords: 2,
      AlarmTypes: ['MetricAlarm'],
    });
    const names = (text: string) =>
      [...text.matchAll(/<AlarmName>([^<]+)<\/AlarmName>/g)].map(m => m[1]);
    const jsonBody = JSON.parse(json.bytes.toString('utf8'));
    expect(jsonBody.MetricAlarms.map((a: any) => a.AlarmName)).toEqual(
      names(query.bytes.toString('utf8')),
    );
    expect(names(query.bytes.toString('utf8'))).toHaveLength(2);
    expect(query.bytes.toString('utf8')).toContain('<Threshold>');
    const cbor = decodeCbor(
      (await call(sandbox, 'cbor', 'DescribeAlarms', { MaxRecords: 2 })).bytes,
    ) as any;
    expect(cbor.MetricAlarms.map((a: any) => a.AlarmName)).toEqual(
      jsonBody.MetricAlarms.map((a: any) => a.AlarmName),
    );
    expect(cbor.MetricAlarms[0].StateUpdatedTimestamp).toBeInstanceOf(Date);

    const listed = await call(sandbox, 'query', 'ListMetrics', {
      IncludeLinkedAccounts: true,
      OwningAccount: tenant,
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Dimensions: [],
    });
    expect(listed.status).toBe(200);
    const text = listed.bytes.toString('utf8');
    expect(text).toContain(`<OwningAccounts><member>${tenant}</member>`);
  });

  it("answers errors in each protocol's error format", async () => {
    const bad = { ...metricQuery(), StartTime: END, EndTime: START };
    const message =
      'The parameter StartTime must be less than the parameter EndTime.';

    const query = await call(sandbox, 'query', 'GetMetricData', bad);
    expect(query.status).toBe(400);
    expect(query.bytes.toString('utf8')).toBe(
      '<ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><Error>' +
        `<Type>Sender</Type><Code>InvalidParameterValue</Code><Message>${message}</Message>` +
        `</Error><RequestId>${query.headers.get(
          'x-amzn-requestid',
        )}</RequestId></ErrorResponse>`,
    );

    const json = await call(sandbox, 'json', 'GetMetricData', bad);
    expect(json.status).toBe(400);
    expect(json.headers.get('x-amzn-query-error')).toBe(
      'InvalidParameterValue;Sender',
    );
    expect(JSON.parse(json.bytes.toString('utf8'))).toEqual({
      __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
      message,
      Message: message,
    });

    const cbor = await call(sandbox, 'cbor', 'GetMetricData', bad);
    expect(cbor.status).toBe(400);
    expect(cbor.headers.get('smithy-protocol')).toBe('rpc-v2-cbor');
    expect(cbor.headers.get('x-amzn-query-error')).toBe(
      'InvalidParameterValue;Sender',
    );
    expect(decodeCbor(cbor.bytes)).toEqual({
      __type: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
      message,
      Message: message,
    });
  });

  it('answers throttling and unknown operations in each protocol', async () => {
    sandbox.faults.add({ kind: 'throttle', service: 'CloudWatch', count: 3 });
    const q = await call(sandbox, 'query', 'ListMetrics', {});
    expect(q.status).toBe(400);
    expect(q.bytes.toString('utf8')).toContain(
      '<Code>Throttling</Code><Message>Rate exceeded</Message>',
    );
    const j = await call(sandbox, 'json', 'ListMetrics', {});
    expect(j.headers.get('x-amzn-query-error')).toBe('Throttling;Sender');
    const c = await call(sandbox, 'cbor', 'ListMetrics', {});
    expect(decodeCbor(c.bytes)).toMatchObject({
      __type: 'com.amazonaws.cloudwatch#Throttling',
      message: 'Rate exceeded',
    });

    const unknownQuery = await call(sandbox, 'query', 'PutMetricData', {});
    expect(unknownQuery.status).toBe(400);
    expect(unknownQuery.bytes.toString('utf8')).toContain(
      '<Code>InvalidAction</Code>',
    );
    const unknownCbor = await call(sandbox, 'cbor', 'PutMetricData', {});
    expect(unknownCbor.status).toBe(400);
    expect(decodeCbor(unknownCbor.bytes)).toMatchObject({
      __type: 'com.amazonaws.cloudwatch#UnknownOperationException',
    });
    const malformed = await fetch(
      `${sandbox.endpoint}/service/${TARGET}/operation/ListMetrics`,
      {
        method: 'POST',
        headers: {
          authorization: AUTH,
          'smithy-protocol': 'rpc-v2-cbor',
          'content-type': 'application/cbor',
        },
        body: Buffer.from('a1', 'hex'),
      },
    );
    expect(malformed.status).toBe(400);
    expect(
      decodeCbor(Buffer.from(await malformed.arrayBuffer())),
    ).toMatchObject({
      __type: 'com.amazonaws.cloudwatch#SerializationException',
    });
  });
});
