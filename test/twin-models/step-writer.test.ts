import { describe, expect, it } from 'vitest';
import {
  DERIVED, decodeStepString, encodeStepString, enumValue, formatReal, formatValue, int, StepWriter, typed,
} from '../../twin-models/demo/ifc/step-writer.ts';

describe('encodeStepString', () => {
  it.each([
    ['plain ASCII', 'Building 1', "'Building 1'"],
    ['apostrophe doubled', "it's", "'it''s'"],
    ['backslash doubled', 'C:\\dir', "'C:\\\\dir'"],
    ['Chinese as \\X2\\ UTF-16, uppercase hex', '1栋', "'1\\X2\\680B\\X0\\'"],
    ['one \\X2\\ run for consecutive characters', '烟感探测器', "'\\X2\\70DF611F63A26D4B5668\\X0\\'"],
    ['emoji outside the BMP as \\X4\\ code point', '😀', "'\\X4\\0001F600\\X0\\'"],
    ['switching between \\X2\\ and \\X4\\ runs', '火🔥警', "'\\X2\\706B\\X0\\\\X4\\0001F525\\X0\\\\X2\\8B66\\X0\\'"],
    ['control characters escaped', 'a\nb', "'a\\X2\\000A\\X0\\b'"],
    ['HTML kept verbatim', '<img src=x onerror=alert(1)>', "'<img src=x onerror=alert(1)>'"],
    ['SQL kept verbatim, quotes doubled', "'; DROP TABLE x; --", "'''; DROP TABLE x; --'"],
    ['empty', '', "''"],
  ])('%s', (_case, text, encoded) => {
    expect(encodeStepString(text)).toBe(encoded);
    expect(decodeStepString(encoded.slice(1, -1))).toBe(text);
  });

  it('never writes anything but printable ASCII', () => {
    const text = '重庆市渝中区 1栋 «Ü» \u0000\t😀 \u{10FFFF}';
    expect(encodeStepString(text)).toMatch(/^[\x20-\x7e]*$/);
    expect(decodeStepString(encodeStepString(text).slice(1, -1))).toBe(text);
  });
});

describe('decodeStepString', () => {
  it.each([
    ['\\X\\C4', 'Ä'],
    ['\\S\\D', 'Ä'],
    ['\\PA\\x', 'x'],
    ['\\X2\\D83DDE00\\X0\\', '😀'], // surrogate pair inside \X2\, as some writers do
    ['\\x2\\680b\\X0\\', undefined], // lower-case directive is not an escape
  ])('%j → %j', (body, text) => {
    if (text === undefined) expect(() => decodeStepString(body)).toThrow(/step-writer: malformed STEP string/);
    else expect(decodeStepString(body)).toBe(text);
  });

  it.each(["a'b", '\\X2\\680B', '\\X2\\680\\X0\\', '\\Q\\'])('rejects malformed %j', (body) => {
    expect(() => decodeStepString(body)).toThrow(/step-writer: malformed STEP string at offset \d+/);
  });
});

describe('formatReal', () => {
  it.each([
    [3, '3.'],
    [0.5, '0.5'],
    [-0, '0.'],
    [-2.25, '-2.25'],
    [1e-7, '0.0000001'],
    [-1.234e-10, '-0.0000000001234'],
    [1e21, '1000000000000000000000.'],
    [359474.08666111325, '359474.08666111325'],
  ])('%d → %s', (x, s) => {
    expect(formatReal(x)).toBe(s);
    expect(s).not.toMatch(/e/i);
    expect(Number(s)).toBe(x === 0 ? 0 : x);
  });

  it.each([NaN, Infinity, -Infinity])('rejects %d', (x) => {
    expect(() => formatReal(x)).toThrow(/step-writer: REAL must be finite/);
  });
});

describe('formatValue and StepWriter', () => {
  it('writes each kind of value the way IFC readers expect', () => {
    expect(formatValue([null, DERIVED, enumValue('ELEMENT'), int(3), 3, true, false, typed('IFCLABEL', 'x'), []]))
      .toBe("($,*,.ELEMENT.,3,3.,.T.,.F.,IFCLABEL('x'),())");
    expect(() => formatValue(int(1.5))).toThrow(/INTEGER must be a safe integer/);
  });

  it('numbers entities in order and writes a complete ISO 10303-21 file', () => {
    const w = new StepWriter();
    const a = w.add('IFCCARTESIANPOINT', [[0, 0, 0]]);
    const b = w.add('IFCAXIS2PLACEMENT3D', [a, null, null]);
    expect([a.id, b.id, w.size]).toEqual([1, 2, 2]);
    const text = w.toString({ description: ['ViewDefinition [ReferenceView_V1.2]'], fileName: '1栋.ifc', timeStamp: '2024-01-01T00:00:00', schema: 'IFC4' });
    expect(text.split('\n')).toEqual([
      'ISO-10303-21;',
      'HEADER;',
      "FILE_DESCRIPTION(('ViewDefinition [ReferenceView_V1.2]'),'2;1');",
      "FILE_NAME('1\\X2\\680B\\X0\\.ifc','2024-01-01T00:00:00',(''),(''),'','','');",
      "FILE_SCHEMA(('IFC4'));",
      'ENDSEC;',
      'DATA;',
      '#1=IFCCARTESIANPOINT((0.,0.,0.));',
      '#2=IFCAXIS2PLACEMENT3D(#1,$,$);',
      'ENDSEC;',
      'END-ISO-10303-21;',
      '',
    ]);
  });
});
