/**
 * fast-check arbitraries for line protocol: names full of separators, escapes and prototype
 * words, typed field values, valid points, and bodies that mix good lines, mutated lines and junk.
 * Shared by the parser fuzz test and the /write crash test.
 */
import fc from 'fast-check';
import type { FieldValue, PointInput } from '../../streams/line-protocol/format.ts';
import { formatLine } from '../../streams/line-protocol/format.ts';
import { MAX_TIME_MS, MIN_TIME_MS } from '../../streams/line-protocol/parse.ts';

/** Words that name Object.prototype members: as keys of a plain object they are not data. */
export const PROTOTYPE_WORDS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'prototype', '__defineGetter__'];

/** Characters that mean something to line protocol, or to the code around it. */
const TRICKY_CHARS = [',', ' ', '=', '\\', '"', "'", '#', '\t', '\r', '\u0000', 'é', '一', '😀', '-', '.', 'e', 'i', 't', 'f', '0', '9'];

const trickyChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_CHARS) },
  { weight: 3, arbitrary: fc.constantFrom(...'abcxyz_') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** A non-empty name without a line break (the one thing a line protocol name cannot hold). */
export const nameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: trickyChar, minLength: 1, maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_WORDS) },
).filter(noLineBreak);

function noLineBreak(s: string): boolean {
  return s.indexOf('\n') < 0;
}

/** A short name made only of line protocol's separators, escapes and quotes: where escaping goes wrong. */
export const separatorNameArb: fc.Arbitrary<string> = fc.string({ unit: fc.constantFrom('\\', ' ', ',', '=', '"', 'a'), minLength: 1, maxLength: 6 });

export const fieldValueArb: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, -1e-300, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.boolean(),
  fc.string({ unit: trickyChar, maxLength: 20 }).filter(noLineBreak),
  fc.maxSafeInteger().map((int) => ({ int })),
);

/** Whether the formatter writes this point (it refuses names InfluxDB 1.x line protocol cannot express). */
export function formattable(p: PointInput): boolean {
  try {
    formatLine(p);
    return true;
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}

/** A point the product's formatter can write. */
export const pointArb: fc.Arbitrary<PointInput> = fc.record({
  measurement: nameArb.filter((m) => m[0] !== '#' && m[0] !== '\t'),
  tags: fc.uniqueArray(fc.tuple(nameArb, nameArb), { selector: ([k]) => k, maxLength: 5 }).map((e) => Object.fromEntries(e)),
  fields: fc.uniqueArray(fc.tuple(nameArb.filter((k) => k !== 'time'), fieldValueArb), { selector: ([k]) => k, minLength: 1, maxLength: 5 })
    .map((e) => Object.fromEntries(e)),
  time: fc.integer({ min: MIN_TIME_MS, max: MAX_TIME_MS }),
}).filter(formattable);

/** Text of a field value that is not a quoted string: numbers, booleans and near misses. */
export const scalarTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789.-+eEiINnaAfFtTrRuUsxX_'), minLength: 1, maxLength: 12 }),
  fc.constantFrom(
    'NaN', 'nan', 'Inf', '+Inf', '-Inf', 'inf', 'Infinity', '-Infinity', '1e999', '-1e999', '1e308', '2e308', '1e-400',
    '9007199254740991i', '9007199254740992i', '-9007199254740993i', '1e5i', '1.0i', '0x10', '0b1', '1_000', '.5', '5.', '-.5e-3',
    ...PROTOTYPE_WORDS, 't', 'T', 'true', 'True', 'TRUE', 'f', 'F', 'false', 'False', 'FALSE', 'tRUE', 'yes',
  ),
  fc.double().map(String),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((n) => `${n}i`),
);

/** One random edit of a line: insert, delete or replace a character, or cut it short. */
export function mutate(line: string, at: number, ch: string, kind: number): string {
  const i = line.length === 0 ? 0 : at % line.length;
  switch (kind % 4) {
    case 0: return line.slice(0, i) + ch + line.slice(i);
    case 1: return line.slice(0, i) + line.slice(i + 1);
    case 2: return line.slice(0, i) + ch + line.slice(i + 1);
    default: return line.slice(0, i);
  }
}

/** A formatted valid point, edited a few times. */
export const mutatedLineArb: fc.Arbitrary<string> = fc.tuple(
  pointArb,
  fc.array(fc.tuple(fc.nat(), fc.oneof(trickyChar, fc.constant('\n')), fc.nat()), { minLength: 1, maxLength: 3 }),
).map(([p, edits]) => edits.reduce((line, [at, ch, kind]) => mutate(line, at, ch, kind), formatLine(p)));

/** A line of any sort: valid, mutated, a valid series with a near-miss value, or junk. */
export const anyLineArb: fc.Arbitrary<string> = fc.oneof(
  pointArb.map(formatLine),
  mutatedLineArb,
  fc.tuple(nameArb, scalarTextArb).map(([k, v]) => `m,tag=x ${k.replace(/[\\, =]/g, '\\$&')}=${v}`),
  fc.string({ unit: trickyChar, maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** A body of up to `maxLines` lines of any sort, with LF or CRLF line ends (InfluxDB reads CRLF as a bad line end). */
export function bodyArb(maxLines = 12): fc.Arbitrary<string> {
  return fc.tuple(fc.array(anyLineArb, { maxLength: maxLines }), fc.boolean()).map(([lines, crlf]) => lines.join(crlf ? '\r\n' : '\n'));
}
