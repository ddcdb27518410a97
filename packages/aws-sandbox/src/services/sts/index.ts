/**
 * AWS STS (query protocol, signing name `sts`): GetCallerIdentity and AssumeRole. AssumeRole
 * mints credentials whose access key id makes later calls run as the role's account, and
 * records who assumed it (`sourceArn`), so role chains can be inspected in the state.
 */
import { int, str } from '../../core/input';
import { createRng } from '../../core/random';
import { nextCounter } from '../../core/state';
import { OperationHandler, ServiceDefinition } from '../../core/service';
import { AwsServiceError } from '../../core/errors';

const validationError = (message: string) =>
  new AwsServiceError('ValidationError', message);
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const getCallerIdentity: OperationHandler = (_input, ctx) => {
  const session = ctx.state.sessions.find(
    s =>
      ctx.callerArn.endsWith(`/${s.roleSessionName}`) &&
      s.accountId === ctx.callerAccountId,
  );
  return {
    UserId: session
      ? `AROA${session.accessKeyId.slice(4)}:${session.roleSessionName}`
      : 'AIDASANDBOXUSER00000',
    Account: ctx.callerAccountId,
    Arn: ctx.callerArn,
  };
};

const assumeRole: OperationHandler = (input, ctx) => {
  const roleArn = str(input.RoleArn);
  const sessionName = str(input.RoleSessionName);
  if (!roleArn || roleArn.length < 20) {
    throw validationError(
      "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    );
  }
  if (!sessionName || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw validationError(
      `1 validation error detected: Value '${
        sessionName ?? ''
      }' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64`,
    );
  }
  const m =
    /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(
      roleArn,
    );
  if (!m) throw validationError(`${roleArn} is not a valid role ARN`);
  const chained = ctx.callerArn.includes(':assumed-role/');
  const duration =
    int(input.DurationSeconds, 'DurationSeconds', validationError) ?? 3600;
  const max = chained ? 3600 : 43_200;
  if (duration < 900 || duration > max) {
    throw validationError(
      `The requested DurationSeconds exceeds the ${
        chained
          ? '1 hour session limit for roles assumed by role chaining'
          : 'MaxSessionDuration set for this role'
      }.`,
    );
  }
  const account = ctx.org.account(m[1]);
  if (!account || account.state !== 'ACTIVE') {
    throw new AwsServiceError(
      'AccessDenied',
      `User: ${ctx.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      { httpStatus: 403 },
    );
  }
  const n = nextCounter(ctx.state, 'session');
  const rng = createRng(ctx.state.seed, 'sts', n);
  const accessKeyId = `ASIA${rng.chars(16, UPPER_ALNUM)}`;
  const expiresAtMs = ctx.clock.nowMs() + duration * 1000;
  ctx.state.sessions.push({
    accessKeyId,
    accountId: account.id,
    roleArn,
    roleSessionName: sessionName,
    sourceArn: ctx.callerArn,
    expiresAtMs,
  });
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: rng.chars(
        40,
        `${UPPER_ALNUM}abcdefghijklmnopqrstuvwxyz+/`,
      ),
      SessionToken: `sandbox-session-${rng.chars(64)}`,
      Expiration: new Date(expiresAtMs),
    },
    AssumedRoleUser: {
      AssumedRoleId: `AROA${accessKeyId.slice(4)}:${sessionName}`,
      Arn: `arn:aws:sts::${account.id}:assumed-role/${m[2]}/${sessionName}`,
    },
    SourceIdentity: str(input.SourceIdentity),
  };
};

export const stsService: ServiceDefinition = {
  name: 'STS',
  signingName: 'sts',
  protocol: 'awsQuery',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  throttlingError: {
    code: 'Throttling',
    httpStatus: 400,
    message: 'Rate exceeded',
  },
  operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
};
