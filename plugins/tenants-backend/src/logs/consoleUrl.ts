/**
 * Escapes a value the way the CloudWatch console's Logs Insights URLs carry it: every character
 * but letters, digits, `-`, `_` and `.` as `*` + two lowercase hex digits per UTF-8 byte
 * (`@` → `*40`, space → `*20`, newline → `*0a`).
 */
function consoleEscape(value: string): string {
  return Array.from(Buffer.from(value, 'utf8'))
    .map(byte => {
      const c = String.fromCharCode(byte);
      return /[A-Za-z0-9_.-]/.test(c)
        ? c
        : `*${byte.toString(16).padStart(2, '0')}`;
    })
    .join('');
}

/**
 * The CloudWatch Logs Insights console URL (in the monitoring account) that opens `query` over
 * `logGroupArns` for the absolute time range [start, end] (UTC), in `region`.
 */
export function logsInsightsConsoleUrl(options: {
  region: string;
  query: string;
  logGroupArns: string[];
  start: Date;
  end: Date;
}): string {
  const { region } = options;
  const sources = options.logGroupArns
    .map(arn => `~'${consoleEscape(arn)}`)
    .join('');
  const detail =
    `~(end~'${consoleEscape(options.end.toISOString())}` +
    `~start~'${consoleEscape(options.start.toISOString())}` +
    `~timeType~'ABSOLUTE~tz~'UTC` +
    `~editorString~'${consoleEscape(options.query)}` +
    `~source~(${sources}))`;
  return (
    `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}` +
    `#logsV2:logs-insights$3FqueryDetail$3D${detail}`
  );
}
