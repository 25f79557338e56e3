import { describe, expect, it } from 'vitest';
import { ifcGlobalId, isIfcGlobalId } from '../../twin-models/demo/ifc/global-id.ts';

/** Inverse of IFC's GUID packing, to check that all 128 bits are carried. */
function unpack(id: string): Buffer {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';
  const v = [...id].map((c) => alphabet.indexOf(c));
  const bytes = [v[0] * 64 + v[1]];
  for (let i = 2; i < 22; i += 4) {
    const n = (v[i] << 18) | (v[i + 1] << 12) | (v[i + 2] << 6) | v[i + 3];
    bytes.push(n >> 16, (n >> 8) & 255, n & 255);
  }
  return Buffer.from(bytes);
}

describe('ifcGlobalId', () => {
  it.each(['b-1/wall/1/1', '', '1栋/烟感', "it's \\ 😀", 'x'.repeat(10_000)])('gives a well-formed, stable id for %j', (key) => {
    const id = ifcGlobalId(key);
    expect(id).toHaveLength(22);
    expect(id).toMatch(/^[0-3][0-9A-Za-z_$]{21}$/);
    expect(isIfcGlobalId(id)).toBe(true);
    expect(ifcGlobalId(key)).toBe(id);
  });

  it('has no collisions over 10,000 similar keys and uses the whole alphabet and all four leading characters', () => {
    const ids = new Set<string>();
    const chars = new Set<string>();
    const first = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = ifcGlobalId(`b-${i % 40}/wall/${i}`);
      ids.add(id);
      for (const c of id.slice(1)) chars.add(c);
      first.add(id[0]);
    }
    expect(ids.size).toBe(10_000);
    expect(chars.size).toBe(64);
    expect([...first].sort()).toEqual(['0', '1', '2', '3']);
  });

  it('round-trips 128 distinct bits: unpacking gives 16 bytes that differ between keys', () => {
    const a = unpack(ifcGlobalId('b-1/slab/1'));
    const b = unpack(ifcGlobalId('b-1/slab/2'));
    expect(a).toHaveLength(16);
    expect(a.equals(b)).toBe(false);
  });
});

describe('isIfcGlobalId', () => {
  it.each([
    ['0123456789ABCDEFabcd_$', true],
    ['3zzzzzzzzzzzzzzzzzzzzz', true],
    ['4zzzzzzzzzzzzzzzzzzzzz', false], // first character only encodes 2 bits
    ['0123456789ABCDEFabcd_', false], // 21 characters
    ['0123456789ABCDEFabcd_$$', false],
    ['0123456789ABCDEFabcd+/', false], // RFC 4648 base64 is not IFC's alphabet
    ['', false],
    ["'; DROP TABLE x; --xxx", false],
  ])('%j → %s', (s, ok) => {
    expect(isIfcGlobalId(s)).toBe(ok);
  });
});
