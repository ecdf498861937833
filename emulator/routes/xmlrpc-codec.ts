/** XML-RPC encoding (docs/odoo-protocol.md §3.2): methodCall parsing, methodResponse and fault building. */
import { XMLParser } from 'fast-xml-parser';
import { PyFloat, pythonFloat } from '../python-json.ts';

type Node = Record<string, unknown> & { '#text'?: string };

// preserveOrder keeps repeated <value>/<member> elements in order, which XML-RPC arrays need.
const parser = new XMLParser({
  preserveOrder: true,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
});

const tagOf = (node: Node) => Object.keys(node).find((key) => key !== ':@' && key !== '#text');
const childrenOf = (node: Node): Node[] => (node[tagOf(node)!] as Node[]) ?? [];
const elements = (nodes: Node[]) => nodes.filter((node) => tagOf(node) !== undefined);
const textOf = (nodes: Node[]) => nodes.map((node) => node['#text'] ?? '').join('');

function decodeValue(valueNode: Node): unknown {
  const inner = elements(childrenOf(valueNode));
  // A <value> without a type element is a string.
  if (inner.length === 0) return textOf(childrenOf(valueNode));
  const typed = inner[0]!;
  const tag = tagOf(typed)!;
  const text = textOf(childrenOf(typed)).trim();
  switch (tag) {
    case 'int':
    case 'i4':
    case 'i8':
      return Number.parseInt(text, 10);
    case 'double':
      return Number.parseFloat(text);
    case 'boolean':
      return text === '1';
    case 'string':
    case 'dateTime.iso8601':
    case 'base64':
      return textOf(childrenOf(typed));
    case 'nil':
      return null;
    case 'array': {
      const data = elements(childrenOf(typed))[0];
      return data ? elements(childrenOf(data)).map(decodeValue) : [];
    }
    case 'struct': {
      const result: Record<string, unknown> = {};
      for (const member of elements(childrenOf(typed))) {
        const parts = elements(childrenOf(member));
        const name = parts.find((part) => tagOf(part) === 'name');
        const value = parts.find((part) => tagOf(part) === 'value');
        if (name && value) result[textOf(childrenOf(name))] = decodeValue(value);
      }
      return result;
    }
    default:
      throw new Error(`unsupported XML-RPC type <${tag}>`);
  }
}

export function parseMethodCall(xml: string): { method: string; params: unknown[] } {
  const document = elements(parser.parse(xml) as Node[]);
  const call = document.find((node) => tagOf(node) === 'methodCall');
  if (!call) throw new Error('not an XML-RPC methodCall');
  const parts = elements(childrenOf(call));
  const methodName = parts.find((part) => tagOf(part) === 'methodName');
  const params = parts.find((part) => tagOf(part) === 'params');
  const values = params
    ? elements(childrenOf(params)).map((param) =>
        decodeValue(elements(childrenOf(param)).find((node) => tagOf(node) === 'value')!),
      )
    : [];
  return { method: methodName ? textOf(childrenOf(methodName)).trim() : '', params: values };
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function encodeValue(value: unknown): string {
  if (value === null || value === undefined || value === false)
    return '<value><boolean>0</boolean></value>';
  if (value === true) return '<value><boolean>1</boolean></value>';
  if (value instanceof PyFloat)
    return `<value><double>${pythonFloat(value.value)}</double></value>`;
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? `<value><int>${value}</int></value>`
      : `<value><double>${value}</double></value>`;
  if (typeof value === 'string') return `<value><string>${escapeXml(value)}</string></value>`;
  if (Array.isArray(value))
    return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  if (Buffer.isBuffer(value)) return `<value><base64>${value.toString('base64')}</base64></value>`;
  const members = Object.entries(value as Record<string, unknown>)
    .map(
      ([name, member]) => `<member><name>${escapeXml(name)}</name>${encodeValue(member)}</member>`,
    )
    .join('');
  return `<value><struct>${members}</struct></value>`;
}

export const methodResponse = (value: unknown) =>
  `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n${encodeValue(value)}\n</param>\n</params>\n</methodResponse>\n`;

export const faultResponse = (code: number, message: string) =>
  `<?xml version='1.0'?>\n<methodResponse>\n<fault>\n${encodeValue({ faultCode: code, faultString: message })}\n</fault>\n</methodResponse>\n`;
