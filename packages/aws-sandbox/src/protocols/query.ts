/**
 * `awsQuery` (STS, CloudFormation, CloudWatch): form-encoded requests with an `Action` field, XML answers
 * `<{Op}Response><{Op}Result>…</{Op}Result><ResponseMetadata/></{Op}Response>`, errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error></ErrorResponse>`.
 * Lists go out as `<member>` elements, timestamps as ISO-8601. Input leaves are strings unless
 * the service's wire shapes say otherwise (`./shapes.ts`).
 */
import { ServiceDefinition } from '../core/service';
import { AwsServiceError } from '../core/errors';
import { unknownOperation } from './json';
import { coerceQueryInput } from './shapes';
import { ProtocolCodec, SandboxRequest } from './types';

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** XML elements for a value (members of a structure, `<member>` items of a list). */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value.map(item => `<member>${toXml(item)}</member>`).join('');
  }
  if (typeof value === 'object') {
    let out = '';
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || v === null) continue;
      out += `<${key}>${toXml(v)}</${key}>`;
    }
    return out;
  }
  return escapeXml(String(value));
}

/**
 * Nested input from query form fields: `A.B=1` → `{A:{B:'1'}}`, `L.member.2.K=v` →
 * `{L:[ , {K:'v'}]}`; an empty list (`L=`) stays `''`.
 */
export function parseQueryForm(fields: URLSearchParams): Record<string, any> {
  const root: Record<string, any> = {};
  for (const [key, value] of fields) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: any = root;
    for (let i = 0; i < parts.length; i++) {
      let part: string | number = parts[i];
      const last = i === parts.length - 1;
      if (
        (part === 'member' || part === 'entry') &&
        /^\d+$/.test(parts[i + 1] ?? '')
      ) {
        continue; // the index follows
      }
      if (
        /^\d+$/.test(part) &&
        (parts[i - 1] === 'member' || parts[i - 1] === 'entry')
      ) {
        part = Number(part) - 1;
      }
      if (last) {
        node[part] = value;
      } else {
        const nextIsIndex =
          (parts[i + 1] === 'member' || parts[i + 1] === 'entry') &&
          /^\d+$/.test(parts[i + 2] ?? '');
        if (node[part] === undefined || node[part] === '') {
          node[part] = nextIsIndex ? [] : {};
        }
        node = node[part];
      }
    }
  }
  return compact(root);
}

function compact(value: any): any {
  if (Array.isArray(value))
    return value.filter(v => v !== undefined).map(compact);
  if (value && typeof value === 'object') {
    for (const k of Object.keys(value)) value[k] = compact(value[k]);
  }
  return value;
}

function form(request: SandboxRequest): URLSearchParams {
  const body = new URLSearchParams(request.body.toString('utf8'));
  for (const [k, v] of request.query) if (!body.has(k)) body.set(k, v);
  return body;
}

export const awsQueryCodec: ProtocolCodec = {
  decode(request, service) {
    const fields = form(request);
    const operation = fields.get('Action') ?? '';
    if (!Object.prototype.hasOwnProperty.call(service.operations, operation)) {
      const e = unknownOperation(operation || '(no Action)');
      throw new AwsServiceError('InvalidAction', e.message);
    }
    return {
      operation,
      input: coerceQueryInput(
        service.wireShapes?.inputs[operation],
        parseQueryForm(fields),
      ),
    };
  },
  encodeOutput(service: ServiceDefinition, call, output, requestId) {
    const ns = service.xmlNamespace ? ` xmlns="${service.xmlNamespace}"` : '';
    const op = call.operation;
    const body =
      `<${op}Response${ns}><${op}Result>${toXml(output)}</${op}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${op}Response>`;
    return {
      status: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body,
    };
  },
  encodeError(service, _operation, error, requestId) {
    const ns = service.xmlNamespace ? ` xmlns="${service.xmlNamespace}"` : '';
    const type = error.senderFault ? 'Sender' : 'Receiver';
    const body =
      `<ErrorResponse${ns}><Error><Type>${type}</Type><Code>${escapeXml(
        error.code,
      )}</Code>` +
      `<Message>${escapeXml(error.message)}</Message>${toXml(
        error.fields,
      )}</Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return {
      status: error.httpStatus,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body,
    };
  },
};
