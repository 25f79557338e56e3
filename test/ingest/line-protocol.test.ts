import { describe, expect, it } from 'vitest';
import { parseLineProtocol, SeriesCache } from '../../streams/line-protocol/parse.ts';
import { formatLine } from '../../streams/line-protocol/format.ts';

describe('line protocol parser', () => {
  it.each([
    ['all field types', 'm,a=1 f=1.5,i=-3i,b=t,B=FALSE,s="x y" 1700000000000000000',
      { measurement: 'm', tags: { a: '1' }, fields: [['f', 'float', 1.5], ['i', 'integer', -3], ['b', 'boolean', 1], ['B', 'boolean', 0], ['s', 'string', 'x y']], time: 1700000000000 }],
    ['escapes in measurement, tags and fields', 'my\\ m\\,x,t\\=k=v\\ 1\\,2 f\\ 1=1',
      { measurement: 'my m,x', tags: { 't=k': 'v 1,2' }, fields: [['f 1', 'float', 1]], time: undefined }],
    // InfluxDB has no escaped backslash: `\\` is two characters; `\"` is a quote only in measurements and field keys.
    ['backslashes as InfluxDB reads them', 'm\\"x\\\\y,t\\"k=a\\\\b f\\"g=1',
      { measurement: 'm"x\\\\y', tags: { 't\\"k': 'a\\\\b' }, fields: [['f"g', 'float', 1]], time: undefined }],
    ['quotes and backslashes in strings', 'm s="say \\"hi\\" \\\\ ok",n=2',
      { measurement: 'm', tags: {}, fields: [['s', 'string', 'say "hi" \\ ok'], ['n', 'float', 2]], time: undefined }],
    ['tags sorted into a canonical key', 'm,z=1,a=2 f=1',
      { measurement: 'm', tags: { a: '2', z: '1' }, fields: [['f', 'float', 1]], time: undefined }],
    ['negative and exponent numbers', 'm f=-1.5e3,g=.5', { measurement: 'm', tags: {}, fields: [['f', 'float', -1500], ['g', 'float', 0.5]], time: undefined }],
  ])('%s', (_name, line, want) => {
    const { points, errors } = parseLineProtocol(line);
    expect(errors).toEqual([]);
    const p = points[0];
    expect(p.series.measurement).toBe(want.measurement);
    expect(p.series.tags).toEqual(want.tags);
    expect(p.fields.map((f) => [f.key, f.type, f.value])).toEqual(want.fields);
    expect(p.time).toBe(want.time);
  });

  it('gives the same series key whatever the tag order, so both lines land on one series', () => {
    const { points } = parseLineProtocol('m,b=2,a=1 f=1\nm,a=1,b=2 f=2');
    expect(points[0].series.key).toBe('m,a=1,b=2');
    expect(points[1].series.key).toBe(points[0].series.key);
  });

  it('keeps nanosecond timestamps exact to the millisecond beyond double precision', () => {
    const { points } = parseLineProtocol('m f=1 1732500000123999999');
    expect(points[0].time).toBe(1732500000123);
  });

  it('reports every bad line with its number and keeps the good ones', () => {
    const { points, errors } = parseLineProtocol('m f=1\nbad\nm f=2\nm,t= f=3\n');
    expect(points.map((p) => p.fields[0].value)).toEqual([1, 2]);
    expect(errors.map((e) => e.line)).toEqual([2, 4]);
  });

  it('reads a carriage return as InfluxDB does: part of the line, so a CRLF line ends in a bad value', () => {
    const { points, errors } = parseLineProtocol('m f=1\r\nm s="a"\r\nm f=2');
    expect(errors.map((e) => e.message)).toEqual([`line 1: unable to parse 'm f=1\r': invalid value of field "f": 1\r is not a number, boolean or quoted string`]);
    // influxd keeps what lies between the first and the last character of a string value.
    expect(points.map((p) => [p.line, p.fields[0].value])).toEqual([[2, 'a"'], [3, 2]]);
  });

  it('numbers each line by where it starts, when a quoted string spans lines', () => {
    const { points } = parseLineProtocol('m s="a\nb"\nm f=1');
    expect(points.map((p) => [p.line, p.fields[0].value])).toEqual([[1, 'a\nb'], [3, 1]]);
  });

  it('keeps int64 exact beyond 2^53, and the last of a field given twice', () => {
    const { points } = parseLineProtocol('m i=9223372036854775807i,j=-9007199254740993i,i=5i,k=42i');
    expect(points[0].fields).toEqual([
      { key: 'i', type: 'integer', value: 5 },
      { key: 'j', type: 'integer', value: -9007199254740992, exact: '-9007199254740993' },
      { key: 'k', type: 'integer', value: 42 },
    ]);
  });

  it('reuses series identities through the cache', () => {
    const cache = new SeriesCache();
    const a = parseLineProtocol('m,a=1 f=1', { seriesCache: cache }).points[0].series;
    const b = parseLineProtocol('m,a=1 f=2', { seriesCache: cache }).points[0].series;
    expect(b).toBe(a);
  });

  it('reads back what the formatter writes, for hostile text too', () => {
    const tags = { community: "c' OR 1=1", neighbourhood: 'a b,c=d\\e', building: '<b>一号楼</b>' };
    const line = formatLine({ measurement: 'en ergy,x', tags, fields: { s: 'say "x" \\', n: 1.25, i: { int: 7 }, b: true }, time: 1700000000123 });
    const { points, errors } = parseLineProtocol(line, { precision: 'ms' });
    expect(errors).toEqual([]);
    expect(points[0].series.measurement).toBe('en ergy,x');
    expect(points[0].series.tags).toEqual(tags);
    expect(points[0].fields.map((f) => f.value)).toEqual(['say "x" \\', 1.25, 7, 1]);
    expect(points[0].time).toBe(1700000000123);
  });
});
