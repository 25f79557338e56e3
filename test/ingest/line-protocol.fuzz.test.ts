/**
 * Properties of the line protocol parser over random input (fast-check, fixed seed; FUZZ_RUNS for
 * longer runs): it never throws, what it accepts reads back exactly through the formatter, every
 * error names its line, no accepted value is NaN or infinite, prototype words are plain keys, and
 * a body read in slices of a few lines (as /write reads a large one) gives what a whole read gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLine, seriesKey, type FieldValue } from '../../streams/line-protocol/format.ts';
import { MAX_TIME_MS, MIN_TIME_MS, parseLineProtocol, type ParsedLine, type Precision } from '../../streams/line-protocol/parse.ts';
import { nameProblem } from '../../streams/line-protocol/influx-names.ts';
import { escapeName, formatBatch, lineParts } from '../../server/store/influx/line-format.ts';
import { SampleBatch } from '../../server/ingest/sample-batch.ts';
import type { SeriesDef } from '../../server/store/types.ts';
import { fuzzParams, fuzzRuns } from '../support/fuzz.ts';
import { bodyArb, formattable, nameArb, pointArb, PROTOTYPE_WORDS, scalarTextArb, separatorNameArb } from './line-protocol-arbitraries.ts';

const PRECISIONS: Precision[] = ['ns', 'us', 'ms', 's', 'm', 'h'];
/** Longer runs (FUZZ_RUNS) take longer than the default test timeout. */
const LONG = { timeout: 30_000 + fuzzRuns(0) * 4 };
const precisionArb = fc.constantFrom(...PRECISIONS);

/** A parsed line as the formatter's input, so it can be written again. */
function asPointInput(p: ParsedLine, time: number) {
  const fields: Record<string, FieldValue> = Object.create(null);
  for (const f of p.fields) {
    fields[f.key] = f.type === 'integer' ? { int: f.value as number } : f.type === 'boolean' ? f.value === 1 : f.value;
    if (f.exact !== undefined) delete fields[f.key]; // the formatter writes safe integers only
  }
  return { measurement: p.series.measurement, tags: p.series.tags, fields, time };
}

/**
 * What a test compares: measurement, tags and fields (with type) in key order, and time. Field
 * order is not kept through an object: keys like "0" always come first.
 */
function summary(p: ParsedLine) {
  return {
    measurement: p.series.measurement,
    tags: Object.keys(p.series.tags).sort().map((k) => [k, p.series.tags[k]]),
    fields: p.fields.map((f) => [f.key, f.type, f.value]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    time: p.time,
  };
}

/** Everything any accepted point must satisfy, whatever the input. */
function expectWellFormed(p: ParsedLine): void {
  expect(p.series.measurement).not.toBe('');
  expect(Object.getPrototypeOf(p.series.tags)).toBeNull();
  expect(p.series.key).toBe(seriesKey(p.series.measurement, p.series.tags));
  expect(p.fields.length).toBeGreaterThan(0);
  expect(new Set(p.fields.map((f) => f.key)).size).toBe(p.fields.length);
  for (const f of p.fields) {
    expect(f.key).not.toBe('');
    expect(f.key).not.toBe('time');
    switch (f.type) {
      case 'float': expect(Number.isFinite(f.value), `${f.key}=${String(f.value)}`).toBe(true); break;
      case 'integer':
        // Within ±2^53 a number; beyond, int64 exactly as text beside the nearest float64.
        if (f.exact === undefined) expect(Number.isSafeInteger(f.value), `${f.key}=${String(f.value)}`).toBe(true);
        else expect([BigInt(f.exact) >= -(2n ** 63n) && BigInt(f.exact) < 2n ** 63n, Number(f.exact)], f.exact).toEqual([true, f.value]);
        break;
      case 'boolean': expect([0, 1]).toContain(f.value); break;
      case 'string': expect(typeof f.value).toBe('string'); break;
    }
  }
  // Whole ms, never -0; times InfluxDB cannot store are the validator's to refuse.
  if (p.time !== undefined) expect(Number.isInteger(p.time) && !Object.is(p.time, -0), String(p.time)).toBe(true);
}

describe('line protocol parser (fuzz)', () => {
  it('never throws, names the line of every error, and every accepted point is well formed', LONG, () => {
    fc.assert(fc.property(bodyArb(), precisionArb, (body, precision) => {
      const { points, errors } = parseLineProtocol(body, { precision });
      const lineCount = body.split('\n').length;
      for (const e of errors) {
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.line).toBeLessThanOrEqual(lineCount);
        expect(e.message.startsWith(`line ${e.line}: `), e.message).toBe(true);
      }
      const lines = [...points.map((p) => p.line), ...errors.map((e) => e.line)];
      expect(new Set(lines).size).toBe(lines.length);
      for (const p of points) expectWellFormed(p);
    }), fuzzParams(1500));
  });

  it('every accepted point reads back the same after the formatter writes it again', LONG, () => {
    fc.assert(fc.property(bodyArb(6), precisionArb, (body, precision) => {
      for (const p of parseLineProtocol(body, { precision }).points) {
        const time = p.time ?? 0;
        const input = asPointInput(p, time);
        // Names InfluxDB reads but cannot express again (NUL, a carriage return) are the validator's to refuse.
        if (Object.keys(input.fields).length === 0 || !formattable(input)) continue;
        const again = parseLineProtocol(formatLine(input), { precision: 'ms' });
        expect(again.errors).toEqual([]);
        const want = summary(p);
        expect(summary(again.points[0])).toEqual({ ...want, fields: want.fields.filter(([k]) => k in input.fields), time });
      }
    }), fuzzParams(1500));
  });

  it('a valid point written by the formatter parses back to the same measurement, tags, fields and time', LONG, () => {
    fc.assert(fc.property(pointArb, (input) => {
      const { points, errors } = parseLineProtocol(formatLine(input), { precision: 'ms' });
      expect(errors).toEqual([]);
      expect(points).toHaveLength(1);
      const p = points[0];
      expectWellFormed(p);
      expect(p.series.measurement).toBe(input.measurement);
      expect(Object.entries(p.series.tags).sort()).toEqual(Object.entries(input.tags).sort());
      expect(p.fields.map((f) => f.key)).toEqual(Object.keys(input.fields));
      for (const f of p.fields) {
        const v = input.fields[f.key];
        if (typeof v === 'number') expect([f.type, Object.is(f.value, v) ? 'same' : f.value]).toEqual(['float', 'same']);
        else if (typeof v === 'boolean') expect([f.type, f.value]).toEqual(['boolean', v ? 1 : 0]);
        else if (typeof v === 'string') expect([f.type, f.value]).toEqual(['string', v]);
        else expect([f.type, f.value]).toEqual(['integer', Math.trunc(v.int)]);
      }
      expect(p.time).toBe(input.time);
    }), fuzzParams(2000));
  });

  it('accepts a number exactly when InfluxDB does, and never a non-finite one', LONG, () => {
    const float = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
    const integer = /^-?\d+i$/;
    const booleans = new Set(['t', 'T', 'true', 'True', 'TRUE', 'f', 'F', 'false', 'False', 'FALSE']);
    fc.assert(fc.property(scalarTextArb, (text) => {
      const { points, errors } = parseLineProtocol(`m v=${text}`);
      const expected = float.test(text) ? Number.isFinite(Number(text))
        : integer.test(text) ? BigInt(text.slice(0, -1)) >= -(2n ** 63n) && BigInt(text.slice(0, -1)) < 2n ** 63n
          : booleans.has(text);
      expect(points.length === 1, `${text}: ${errors[0]?.message ?? 'accepted'}`).toBe(expected);
      if (points.length) {
        expectWellFormed(points[0]);
        const f = points[0].fields[0];
        if (f.type === 'float') expect(f.value).toBe(Number(text));
        if (f.type === 'integer') expect(f.value).toBe(Number(text.slice(0, -1)));
      } else {
        expect(errors[0].message).toMatch(/^line 1: unable to parse '.*': (invalid value of field "v"|value of field "v" is out of range)/);
      }
    }), fuzzParams(3000));
  });

  it('reads short decimals, integers and timestamps in place to the same numbers as Number()', LONG, () => {
    const digits = fc.stringMatching(/^[0-9]{0,17}$/);
    fc.assert(fc.property(fc.boolean(), digits, fc.option(digits, { nil: undefined }), fc.stringMatching(/^[0-9]{1,13}$/), (neg, whole, fraction, ts) => {
      const text = `${neg ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`;
      if (!/[0-9]/.test(text)) return;
      const { points, errors } = parseLineProtocol(`m f=${text},i=${neg ? '-' : ''}${whole || '0'}i ${ts}`, { precision: 'ms' });
      expect(errors).toEqual([]);
      const [f, i] = points[0].fields;
      expect(f.value, text).toBe(Number(text));
      const int = Number(`${neg ? '-' : ''}${whole || '0'}`);
      expect(i.value, `${whole}i`).toBe(Number.isSafeInteger(int) ? int + 0 : int);
      expect(points[0].time).toBe(Number(ts));
    }), fuzzParams(3000));
  });

  it('prototype words are ordinary measurement names, tag keys, tag values and field keys', LONG, () => {
    const word = fc.constantFrom(...PROTOTYPE_WORDS);
    fc.assert(fc.property(
      word, fc.uniqueArray(fc.tuple(word, fc.oneof(word, nameArb)), { selector: ([k]) => k, minLength: 1, maxLength: 4 }), word, fc.double({ noNaN: true, noDefaultInfinity: true }),
      (measurement, tagEntries, field, value) => {
        const tags = Object.fromEntries(tagEntries);
        if (!formattable({ measurement, tags, fields: { [field]: value }, time: 1 })) return;
        const { points, errors } = parseLineProtocol(formatLine({ measurement, tags, fields: { [field]: value }, time: 1 }), { precision: 'ms' });
        expect(errors).toEqual([]);
        const p = points[0];
        expectWellFormed(p);
        expect(p.series.measurement).toBe(measurement);
        expect(Object.keys(p.series.tags).sort()).toEqual(Object.keys(tags).sort());
        for (const [k, v] of tagEntries) expect(Object.getOwnPropertyDescriptor(p.series.tags, k)?.value).toBe(v);
        expect(p.fields.map((f) => [f.key, f.value])).toEqual([[field, value]]);
        // As a field value a prototype word is neither a boolean nor a number.
        const asValue = parseLineProtocol(`${measurement} ${field}=${field}`);
        expect(asValue.points).toEqual([]);
        expect(asValue.errors[0].message).toMatch(new RegExp(`invalid value of field "${field}": ${field} is not a number, boolean or quoted string$`));
      },
    ), fuzzParams(500));
  });

  it('every name nameProblem passes survives InfluxDB 1.x unescaping of escapeName', LONG, () => {
    // InfluxDB's reading (models/points.go): a separator is escaped when the character before it
    // is a backslash; then `\,`, `\ ` and `\=` become the character alone. Checked against a real
    // influxd in write-influx-names.test.ts.
    const influxRead = (text: string): string | undefined => {
      for (let i = 0; i < text.length; i++) {
        if ((text[i] === ',' || text[i] === ' ' || text[i] === '=') && text[i - 1] !== '\\') return undefined;
      }
      if (text.endsWith('\\')) return undefined;
      return text.replace(/\\([, =])/g, '$1');
    };
    fc.assert(fc.property(fc.oneof(separatorNameArb, nameArb), (name) => {
      if (nameProblem('tag value', name) !== undefined) return;
      expect(influxRead(escapeName(name))).toBe(name);
    }), fuzzParams(3000));
  });

  it('InfluxDB 1.x splits a body from line-format into exactly its lines, for every series lineParts takes', LONG, () => {
    // InfluxDB's line splitter (scanLine in models/points.go), which differs from its tag scanner:
    // here a backslash escapes the next character, and after the first unescaped space it follows
    // quotes, so that a line break inside a quoted string does not end the line.
    const influxLineEnds = (buf: string): number[] => {
      const ends: number[] = [];
      let i = 0;
      while (i < buf.length) {
        let quoted = false, fields = false, equals = 0, commas = 0;
        for (; i < buf.length; i++) {
          const c = buf[i];
          if (c === '\\' && i + 2 < buf.length) { i++; continue; }
          if (c === ' ') fields = true;
          if (fields) {
            if (!quoted && c === '=') { equals++; continue; }
            if (!quoted && c === ',') { commas++; continue; }
            if (c === '"' && equals > commas) { quoted = !quoted; continue; }
          }
          if (c === '\n' && !quoted) break;
        }
        ends.push(i);
        i++;
      }
      return ends;
    };
    const name = fc.oneof(separatorNameArb, nameArb);
    const seriesArb = fc.tuple(name, fc.uniqueArray(fc.tuple(name, name), { selector: ([k]) => k, maxLength: 4 }), name);
    fc.assert(fc.property(fc.array(seriesArb, { minLength: 2, maxLength: 4 }), (series) => {
      const defs: SeriesDef[] = series.map(([measurement, tags, field], i) => {
        const t = Object.fromEntries(tags);
        return { id: i + 1, measurement, tags: t, field, type: 'string', key: seriesKey(measurement, t) };
      });
      let parts;
      try {
        parts = defs.map(lineParts);
      } catch (e) {
        expect((e as Error).message).toMatch(/^influxdb: series \d+ .* cannot be stored: /s);
        return;
      }
      const batch = new SampleBatch();
      defs.forEach((d, i) => batch.pushText(d.id, i, 'text with "quotes", = and \\'));
      const [body] = formatBatch(batch.columns(), batch.text, (id) => parts[id - 1]);
      const ours = [...body.matchAll(/\n/g)].map((m) => m.index).concat(body.length);
      expect(influxLineEnds(body), body).toEqual(ours);
    }), fuzzParams(3000));
  });
});

describe('a body read in slices', () => {
  it('gives the same points, errors and line numbers as one read, whatever the slice', () => {
    const withQuotes = fc.array(fc.oneof(bodyArb(4), fc.constant('m,t=a s="two\nlines" 1'), fc.constant('# comment'), fc.constant(''), fc.constant('m f=1i\\')), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join('\n'));
    fc.assert(fc.property(withQuotes, fc.integer({ min: 1, max: 4 }), (body, maxLines) => {
      const whole = parseLineProtocol(body, { precision: 'ms' });
      const points: ParsedLine[] = [];
      const errors: { line: number; message: string }[] = [];
      let from: { pos: number; line: number } | undefined;
      let rounds = 0;
      do {
        const part = parseLineProtocol(body, { precision: 'ms', maxLines, from });
        points.push(...part.points);
        errors.push(...part.errors);
        from = part.next;
        expect(++rounds).toBeLessThan(body.length + 2);
      } while (from);
      expect(points.map((p) => [p.line, p.series.key, p.fields, p.time])).toEqual(whole.points.map((p) => [p.line, p.series.key, p.fields, p.time]));
      expect(errors).toEqual(whole.errors);
    }), fuzzParams(300));
  });
});
