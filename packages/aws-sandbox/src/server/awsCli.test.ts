/**
 * The real AWS CLI against the sandbox, when an `aws` binary is installed: the CLI 2.9 that
 * Debian ships speaks CloudWatch's query protocol, newer CLIs JSON 1.0 (query mode). Skipped,
 * with the reason printed, on machines without one.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { RunningSandbox, startSandbox } from '../sandbox';

function findAwsClis(): string[] {
  const found = new Set<string>();
  try {
    const out = execFileSync('which', ['-a', 'aws'], { encoding: 'utf8' });
    out
      .split('\n')
      .filter(Boolean)
      .forEach(p => found.add(realpathSync(p)));
  } catch {
    // none on PATH
  }
  if (existsSync('/usr/bin/aws')) found.add(realpathSync('/usr/bin/aws'));
  return [...found];
}

const CLIS = findAwsClis();
if (CLIS.length === 0) {
  // eslint-disable-next-line no-console
  console.log(
    'awsCli.test: skipped, no `aws` binary on PATH or at /usr/bin/aws (apt-get install awscli)',
  );
}

function run(
  cli: string,
  endpoint: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      cli,
      ['--endpoint-url', endpoint, ...args, '--output', 'json'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ACCESS_KEY_ID: '000000000001',
          AWS_SECRET_ACCESS_KEY: 'sandbox',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as any).code ?? 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

const QUERIES = JSON.stringify([
  {
    Id: 'inv',
    AccountId: '595344926197',
    MetricStat: {
      Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' },
      Period: 3600,
      Stat: 'Sum',
    },
  },
]);

/** CLI 2 prints timestamps as ISO-8601, CLI 1 as epoch seconds. */
const epochMs = (t: string | number) =>
  typeof t === 'number' ? t * 1000 : Date.parse(t);

(CLIS.length ? describe.each(CLIS) : describe.skip.each(['aws']))(
  'the AWS CLI (%s) against the sandbox',
  cli => {
    jest.setTimeout(120_000);
    let sandbox: RunningSandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, tenants: 20, seed: 1 });
    });
    afterAll(() => sandbox.stop());

    it('cloudwatch get-metric-data prints the datapoints of tenant 595344926197', async () => {
      const res = await run(cli, sandbox.endpoint, [
        'cloudwatch',
        'get-metric-data',
        '--metric-data-queries',
        QUERIES,
        '--start-time',
        '2026-03-15T09:00:00Z',
        '--end-time',
        '2026-03-15T12:00:00Z',
        '--scan-by',
        'TimestampAscending',
      ]);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const [result] = JSON.parse(res.stdout).MetricDataResults;
      expect(result.Values).toEqual([243, 304, 389]);
      expect(result.Timestamps.map(epochMs)).toEqual([
        Date.parse('2026-03-15T09:00:00Z'),
        Date.parse('2026-03-15T10:00:00Z'),
        Date.parse('2026-03-15T11:00:00Z'),
      ]);
      expect(result.StatusCode).toBe('Complete');
    });

    it('cloudwatch describe-alarms follows every page (84 alarms) and list-metrics filters', async () => {
      const alarms = await run(cli, sandbox.endpoint, [
        'cloudwatch',
        'describe-alarms',
      ]);
      expect(alarms.code).toBe(0);
      const list = JSON.parse(alarms.stdout).MetricAlarms;
      expect(list).toHaveLength(84);
      expect(list[0].AlarmName).toBe('tenancy/amber-ventures/api-5xx');
      expect(list[0].Threshold).toBe(25);
      const metrics = await run(cli, sandbox.endpoint, [
        'cloudwatch',
        'list-metrics',
        '--include-linked-accounts',
        '--owning-account',
        '595344926197',
        '--namespace',
        'AWS/Lambda',
        '--metric-name',
        'Invocations',
      ]);
      expect(metrics.code).toBe(0);
      expect(JSON.parse(metrics.stdout).OwningAccounts).toEqual([
        '595344926197',
        '595344926197',
        '595344926197',
      ]);
    });

    it('an invalid request prints InvalidParameterValue and exits 254 (CLI 2) or 255 (CLI 1)', async () => {
      const version = execFileSync(cli, ['--version'], { encoding: 'utf8' });
      const res = await run(cli, sandbox.endpoint, [
        'cloudwatch',
        'get-metric-data',
        '--metric-data-queries',
        QUERIES,
        '--start-time',
        '2026-03-15T12:00:00Z',
        '--end-time',
        '2026-03-15T09:00:00Z',
      ]);
      expect(res.code).toBe(version.startsWith('aws-cli/1.') ? 255 : 254);
      expect(res.stderr.trim()).toBe(
        'An error occurred (InvalidParameterValue) when calling the GetMetricData operation: The parameter StartTime must be less than the parameter EndTime.',
      );
    });
  },
);
