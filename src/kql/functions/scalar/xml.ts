/**
 * parse_xml (parse-xml-function.md) through fast-xml-parser: elements become properties, attributes
 * `@name`, text `#text` beside attributes or child elements, repeated elements an array, an empty
 * element null; numeric text becomes a number (the page's `<value>118.0</value>` → 118.0). Invalid
 * XML, or a text over 1 MB (the documented limit), gives null. Only elements, attributes and text
 * are kept (declarations, processing instructions and comments are skipped).
 */
import { createRequire } from 'node:module';
import type * as Fxp from 'fast-xml-parser';
import type { DynamicValue } from '../../data/types.js';
import type { ScalarImpl } from '../types.js';
import { def, str } from './util.js';

const MAX_XML_BYTES = 1_048_576;

/** fast-xml-parser is loaded on the first parse_xml call (not when the CLI starts). */
let lib: { parser: Fxp.XMLParser; validator: typeof Fxp.XMLValidator } | undefined;
function xml(): NonNullable<typeof lib> {
  if (!lib) {
    const m = createRequire(import.meta.url)('fast-xml-parser') as typeof Fxp;
    lib = {
      parser: new m.XMLParser({
        ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', ignoreDeclaration: true,
        ignorePiTags: true, parseTagValue: true, parseAttributeValue: false, trimValues: true,
      }),
      validator: m.XMLValidator,
    };
  }
  return lib;
}

/** An element without text, attributes or children is null ("<e/>" → {"e": null}). */
function emptyToNull(v: unknown): DynamicValue {
  if (v === '') return null;
  if (Array.isArray(v)) return v.map(emptyToNull);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, DynamicValue> = {};
    for (const [k, x] of Object.entries(v)) o[k] = k.startsWith('@') ? (x as DynamicValue) : emptyToNull(x);
    return o;
  }
  return v as DynamicValue;
}

export function registerXml(m: Map<string, ScalarImpl>): void {
  def(m, 'parse_xml', (a, t) => {
    const s = str(a, t, 0);
    if (s.trim() === '' || Buffer.byteLength(s, 'utf8') > MAX_XML_BYTES) return null;
    const { parser, validator } = xml();
    if (validator.validate(s) !== true) return null;
    try { return emptyToNull(parser.parse(s)); } catch { return null; }
  });
}
