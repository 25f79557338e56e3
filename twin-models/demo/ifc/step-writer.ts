/**
 * A minimal STEP physical file (ISO 10303-21) writer, enough for IFC4.
 *
 * Values are typed on purpose: in STEP the same JS value can mean different things (`3` is an INTEGER
 * or a REAL `3.`; `'A'` is a string, `.A.` an enum), and readers such as web-ifc reject a REAL written
 * without its decimal point. Plain JS strings and numbers therefore mean the common case (string, real);
 * everything else is wrapped.
 */

/** A reference to an entity instance, written `#n`. */
export class StepRef {
  constructor(readonly id: number) {}
}
/** An enumeration value, written `.NAME.`. */
export class StepEnum {
  constructor(readonly name: string) {}
}
/** An INTEGER, written without a decimal point. */
export class StepInteger {
  constructor(readonly value: number) {}
}
/** A typed value inside a SELECT, e.g. `IFCLABEL('x')`, `IFCINTEGER(3)`. */
export class StepTyped {
  constructor(readonly type: string, readonly value: StepValue) {}
}

/** `*`: the attribute is derived in a subtype (e.g. IfcSIUnit.Dimensions). */
export const DERIVED = Symbol('STEP derived *');

/**
 * A STEP attribute value. `string` → STEP string, `number` → REAL, `boolean` → `.T.`/`.F.`,
 * `null` → `$` (unset), arrays → lists.
 */
export type StepValue =
  | string
  | number
  | boolean
  | null
  | typeof DERIVED
  | StepRef
  | StepEnum
  | StepInteger
  | StepTyped
  | readonly StepValue[];

export const enumValue = (name: string): StepEnum => new StepEnum(name);
export const int = (value: number): StepInteger => new StepInteger(value);
export const typed = (type: string, value: StepValue): StepTyped => new StepTyped(type, value);

/**
 * A REAL as STEP wants it: always a decimal point, never an exponent (`3.`, `0.5`, `-0.00001`).
 * Full double precision is kept: exponent forms from `Number#toString` are expanded, not rounded.
 */
export function formatReal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`step-writer: REAL must be finite, got ${x}`);
  if (x === 0) return '0.'; // also normalises -0
  let s = String(x);
  const e = s.indexOf('e');
  if (e >= 0) {
    const exponent = Number(s.slice(e + 1));
    if (exponent < 0) {
      // Digits after the point = leading zeros + significant digits of the mantissa.
      const mantissaDigits = s.slice(0, e).replace(/^-|\./g, '').length;
      s = x.toFixed(Math.min(100, -exponent + mantissaDigits - 1));
    } else {
      // |x| >= 1e21 is always an integer in binary64; BigInt prints it exactly without an exponent.
      s = BigInt(x).toString();
    }
  }
  return s.includes('.') ? s.replace(/(\.\d*?)0+$/, '$1') : `${s}.`;
}

/**
 * Encodes text as a STEP string literal (with the quotes), per ISO 10303-21 §6.4.3:
 * printable ASCII is written as is, except `'` → `''` and `\` → `\\`; anything else (Chinese, control
 * characters) goes into a `\X2\…\X0\` run of 4-hex-digit UTF-16 code units (uppercase), and characters
 * outside the Basic Multilingual Plane (emoji) into a `\X4\…\X0\` run of 8-hex-digit code points,
 * because `\X2\` is defined as UCS-2 and may not carry surrogate halves.
 */
export function encodeStepString(text: string): string {
  let out = "'";
  let run: 'X2' | 'X4' | null = null;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const want = cp >= 0x20 && cp <= 0x7e ? null : cp > 0xffff ? 'X4' : 'X2';
    if (want !== run) {
      if (run) out += '\\X0\\';
      if (want) out += `\\${want}\\`;
      run = want;
    }
    if (want === 'X2') out += cp.toString(16).toUpperCase().padStart(4, '0');
    else if (want === 'X4') out += cp.toString(16).toUpperCase().padStart(8, '0');
    else out += ch === "'" ? "''" : ch === '\\' ? '\\\\' : ch;
  }
  if (run) out += '\\X0\\';
  return `${out}'`;
}

/**
 * Decodes the body of a STEP string literal (without the surrounding quotes) back to text: the inverse of
 * `encodeStepString`, plus `\X\HH` (ISO 8859-1 byte) and `\S\c` (upper half of the current 8859 page,
 * taken as Latin-1). Readers that hand back raw STEP text can use this; it throws on a malformed escape.
 */
export function decodeStepString(body: string): string {
  let out = '';
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`step-writer: malformed STEP string at offset ${i}: ${why}`);
  };
  while (i < body.length) {
    const c = body[i];
    if (c === "'") {
      if (body[i + 1] !== "'") fail('lone apostrophe');
      out += "'";
      i += 2;
    } else if (c !== '\\') {
      out += c;
      i += 1;
    } else if (body[i + 1] === '\\') {
      out += '\\';
      i += 2;
    } else if (body.startsWith('\\X2\\', i) || body.startsWith('\\X4\\', i)) {
      const width = body[i + 2] === '2' ? 4 : 8;
      const end = body.indexOf('\\X0\\', i + 4);
      if (end < 0) fail('unterminated \\X2\\ or \\X4\\ run');
      const hex = body.slice(i + 4, end);
      if (hex.length % width !== 0 || !/^[0-9A-Fa-f]*$/.test(hex)) fail(`bad hex "${hex}"`);
      const units: number[] = [];
      for (let k = 0; k < hex.length; k += width) units.push(parseInt(hex.slice(k, k + width), 16));
      // \X2\ carries UTF-16 units (writers that do put surrogate pairs there still decode correctly).
      out += width === 4 ? String.fromCharCode(...units) : String.fromCodePoint(...units);
      i = end + 4;
    } else if (body.startsWith('\\X\\', i)) {
      const hex = body.slice(i + 3, i + 5);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail(`bad \\X\\ byte "${hex}"`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else if (body.startsWith('\\S\\', i) && i + 3 < body.length) {
      out += String.fromCharCode(body.charCodeAt(i + 3) + 0x80);
      i += 4;
    } else if (/^\\P[A-I]\\/.test(body.slice(i, i + 4))) {
      i += 4; // code page switch: only affects \S\, which is read as Latin-1 anyway
    } else {
      fail('unknown escape');
    }
  }
  return out;
}

/** Writes one attribute value. */
export function formatValue(v: StepValue): string {
  if (v === null) return '$';
  if (v === DERIVED) return '*';
  if (typeof v === 'string') return encodeStepString(v);
  if (typeof v === 'number') return formatReal(v);
  if (typeof v === 'boolean') return v ? '.T.' : '.F.';
  if (v instanceof StepRef) return `#${v.id}`;
  if (v instanceof StepEnum) return `.${v.name}.`;
  if (v instanceof StepInteger) {
    if (!Number.isSafeInteger(v.value)) throw new Error(`step-writer: INTEGER must be a safe integer, got ${v.value}`);
    return String(v.value);
  }
  if (v instanceof StepTyped) return `${v.type}(${formatValue(v.value)})`;
  return `(${v.map(formatValue).join(',')})`;
}

/** What goes into the HEADER section. */
export interface StepHeader {
  /** FILE_DESCRIPTION, e.g. `['ViewDefinition [ReferenceView_V1.2]']`. */
  description: string[];
  /** FILE_NAME name, e.g. `b-1.ifc`. */
  fileName: string;
  /** ISO 8601 time stamp; passed in rather than read from the clock so output stays reproducible. */
  timeStamp: string;
  author?: string;
  organization?: string;
  preprocessorVersion?: string;
  originatingSystem?: string;
  /** FILE_SCHEMA, e.g. `IFC4`. */
  schema: string;
}

/** Collects entity instances, numbering them `#1, #2, …` in insertion order. */
export class StepWriter {
  private readonly lines: string[] = [];

  /** Adds an entity instance `TYPE(args)` and returns its reference. `type` is upper-case, e.g. `IFCWALL`. */
  add(type: string, args: readonly StepValue[]): StepRef {
    const ref = new StepRef(this.lines.length + 1);
    this.lines.push(`#${ref.id}=${type}(${args.map(formatValue).join(',')});`);
    return ref;
  }

  /** Number of entity instances written so far. */
  get size(): number {
    return this.lines.length;
  }

  /** The complete file text, `ISO-10303-21;` … `END-ISO-10303-21;`, with a trailing newline. */
  toString(header: StepHeader): string {
    const h = (s: string) => encodeStepString(s);
    return [
      'ISO-10303-21;',
      'HEADER;',
      `FILE_DESCRIPTION((${header.description.map(h).join(',')}),'2;1');`,
      `FILE_NAME(${h(header.fileName)},${h(header.timeStamp)},(${h(header.author ?? '')}),(${h(header.organization ?? '')}),` +
        `${h(header.preprocessorVersion ?? '')},${h(header.originatingSystem ?? '')},'');`,
      `FILE_SCHEMA((${h(header.schema)}));`,
      'ENDSEC;',
      'DATA;',
      ...this.lines,
      'ENDSEC;',
      'END-ISO-10303-21;',
      '',
    ].join('\n');
  }
}
