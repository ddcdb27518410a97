/**
 * The part of the CloudWatch Logs Insights query language the sandbox runs: commands joined by
 * `|` — `fields a, b`, `filter <cond> [and <cond>…]` (a condition is `field = "text"`,
 * `field != "text"`, `field like /regex/` or `field like "text"`), `sort field [asc|desc]`,
 * `limit N` and `stats count(*) [as name] [by a, b]`. Anything else is answered the way AWS
 * answers a query it cannot compile: MalformedQueryException with a `queryCompileError`
 * (the location of the offending symbol); commands AWS has but the sandbox does not run
 * (`parse`, `dedup`, `display`, …) say so in the message.
 */
import { AwsServiceError } from '../../core/errors';

/** One condition of a `filter`. */
export type Condition =
  | { field: string; op: '=' | '!='; value: string }
  | { field: string; op: 'like'; pattern: RegExp };

/** One parsed command. */
export type Command =
  | { kind: 'fields'; fields: string[] }
  | { kind: 'filter'; conditions: Condition[] }
  | { kind: 'sort'; field: string; descending: boolean }
  | { kind: 'limit'; count: number }
  | { kind: 'stats'; alias: string; by: string[] };

const AWS_ONLY_COMMANDS = [
  'parse',
  'dedup',
  'display',
  'unmask',
  'pattern',
  'diff',
  'unnest',
  'lookup',
  'source',
  'filterIndex',
  'anomaly',
];

/** Largest `limit` AWS accepts. */
export const MAX_QUERY_LIMIT = 10_000;

interface Token {
  text: string;
  start: number;
  kind: 'word' | 'string' | 'regex' | 'punct';
  /** For strings: the unquoted value; for regexes: the body. */
  value?: string;
}

/** MalformedQueryException as AWS shapes it. */
export function malformed(
  message: string,
  start: number,
  end: number,
): AwsServiceError {
  return new AwsServiceError('MalformedQueryException', message, {
    fields: {
      queryCompileError: {
        location: { startCharOffset: start, endCharOffset: end },
        message,
      },
    },
  });
}

function lineAndColumn(text: string, at: number): string {
  const before = text.slice(0, at).split('\n');
  return `line ${before.length} and position ${
    before[before.length - 1].length
  }`;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s+|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\/(?:[^/\\\n]|\\.)+\/)|(@?[A-Za-z_][A-Za-z0-9_.]*(?:\(\*\))?|\d+)|(!=|[|,=*()])/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) {
      throw malformed(
        `unexpected symbol found ${text[at]} at ${lineAndColumn(text, at)}`,
        at,
        at + 1,
      );
    }
    const [whole, str, regex, word, punct] = m;
    if (str) {
      tokens.push({
        text: whole,
        start: at,
        kind: 'string',
        value: str.slice(1, -1).replace(/\\(.)/g, '$1'),
      });
    } else if (regex) {
      tokens.push({
        text: whole,
        start: at,
        kind: 'regex',
        value: regex.slice(1, -1),
      });
    } else if (word) {
      tokens.push({ text: whole, start: at, kind: 'word' });
    } else if (punct) {
      tokens.push({ text: whole, start: at, kind: 'punct' });
    }
    at += whole.length;
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  get done() {
    return this.i >= this.tokens.length;
  }
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  fail(token: Token | undefined, detail?: string): never {
    if (!token) {
      const end = this.text.length;
      throw malformed(
        `unexpected end of query at ${lineAndColumn(this.text, end)}`,
        end,
        end,
      );
    }
    throw malformed(
      detail ??
        `unexpected symbol found ${token.text} at ${lineAndColumn(
          this.text,
          token.start,
        )}`,
      token.start,
      token.start + token.text.length,
    );
  }
  next(): Token {
    const t = this.tokens[this.i++];
    if (!t) this.fail(undefined);
    return t;
  }
  word(): string {
    const t = this.next();
    if (t.kind !== 'word' || /^\d/.test(t.text)) this.fail(t);
    return t.text;
  }
  accept(text: string): boolean {
    if (this.peek()?.text.toLowerCase() === text) {
      this.i++;
      return true;
    }
    return false;
  }
  fieldList(): string[] {
    const out = [this.word()];
    while (this.accept(',')) out.push(this.word());
    return out;
  }
  atCommandEnd(): boolean {
    return this.done || this.peek()!.text === '|';
  }
}

function regexOf(p: Parser, token: Token): RegExp {
  let body = token.value!;
  let flags = '';
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags = 'i';
  }
  try {
    return new RegExp(body, flags);
  } catch {
    return p.fail(token);
  }
}

function condition(p: Parser): Condition {
  const field = p.word();
  const op = p.next();
  const operand = p.next();
  if (op.text === '=' || op.text === '!=') {
    if (operand.kind !== 'string') p.fail(operand);
    return { field, op: op.text, value: operand.value! };
  }
  if (op.text.toLowerCase() === 'like') {
    if (operand.kind === 'regex')
      return { field, op: 'like', pattern: regexOf(p, operand) };
    if (operand.kind === 'string') {
      const escaped = operand.value!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return { field, op: 'like', pattern: new RegExp(escaped) };
    }
  }
  return p.fail(op.text.toLowerCase() === 'like' ? operand : op);
}

function command(p: Parser): Command {
  const head = p.next();
  const name = head.text;
  switch (name.toLowerCase()) {
    case 'fields':
      return { kind: 'fields', fields: p.fieldList() };
    case 'filter': {
      const conditions = [condition(p)];
      while (p.accept('and')) conditions.push(condition(p));
      return { kind: 'filter', conditions };
    }
    case 'sort': {
      const field = p.word();
      const descending = p.accept('desc') ? true : (p.accept('asc'), false);
      return { kind: 'sort', field, descending };
    }
    case 'limit': {
      const n = p.next();
      const count = Number(n.text);
      if (!/^\d+$/.test(n.text) || count < 1 || count > MAX_QUERY_LIMIT) {
        p.fail(
          n,
          `limit must be a number from 1 to ${MAX_QUERY_LIMIT}, got ${n.text}`,
        );
      }
      return { kind: 'limit', count };
    }
    case 'stats': {
      const fn = p.next();
      if (fn.text.toLowerCase() !== 'count(*)') {
        p.fail(fn, `the sandbox runs only stats count(*), got ${fn.text}`);
      }
      const alias = p.accept('as') ? p.word() : 'count(*)';
      const by = p.accept('by') ? p.fieldList() : [];
      return { kind: 'stats', alias, by };
    }
    default:
      if (AWS_ONLY_COMMANDS.some(c => c.toLowerCase() === name.toLowerCase())) {
        return p.fail(
          head,
          `The sandbox runs only fields, filter, sort, limit and stats count(*); ${name} is not supported`,
        );
      }
      return p.fail(head);
  }
}

/**
 * Parses a query string.
 * @throws MalformedQueryException (with `queryCompileError`) for anything outside the subset.
 */
export function parseInsightsQuery(text: string): Command[] {
  const p = new Parser(text, tokenize(text));
  const commands: Command[] = [];
  if (p.done) p.fail(undefined);
  for (;;) {
    commands.push(command(p));
    if (!p.atCommandEnd()) p.fail(p.peek());
    if (p.done) return commands;
    p.next(); // the pipe
  }
}
