import { describe, expect, it } from 'vitest';
import { FAMILY_DESCRIPTORS, PLACEMENT_TAGS, deviceTagOf, fieldDef, type FamilyDescriptor } from '../../streams/families/index.ts';

const families = FAMILY_DESCRIPTORS as readonly FamilyDescriptor[];

describe.each(families.map((d) => [d.measurement, d] as const))('family %s', (_name, d) => {
  const fields = new Set(d.fields.map((f) => f.key));
  const named = (what: string, field: string) => expect(fields.has(field), `${what} names "${field}", not a field of ${d.measurement}`).toBe(true);

  it('starts with the placement tags and has at most one device tag', () => {
    expect(d.tags.slice(0, 2).map((t) => t.key)).toEqual([...PLACEMENT_TAGS]);
    expect(d.tags.slice(0, 2).every((t) => t.role === 'placement')).toBe(true);
    expect(d.tags.filter((t) => t.role === 'device').length).toBeLessThanOrEqual(1);
    expect(new Set(d.tags.map((t) => t.key)).size).toBe(d.tags.length);
  });

  it('names only its own fields in thresholds, cards, figures and tag value field lists', () => {
    expect(fields.size).toBe(d.fields.length);
    for (const t of d.thresholds ?? []) { named('a threshold', t.field); if (t.shareOf) named('a share threshold', t.shareOf); }
    for (const r of d.card?.rows ?? []) { named('a card row', r.field); if (r.remainderOf) named('a card row', r.remainderOf); }
    for (const f of d.card?.spark ?? []) named('the sparkline', f);
    for (const f of d.cockpit ?? []) named('a cockpit figure', f.field);
    for (const t of d.tags) for (const v of t.values ?? []) for (const f of v.fields ?? []) named(`tag value ${t.key}=${v.value}`, f);
    const c = d.twin?.colour;
    if (c && (c.kind === 'ramp' || c.kind === 'state')) named('the twin colour', c.field);
    if (c?.kind === 'levels') expect(d.thresholds?.length, 'a levels colour needs thresholds').toBeGreaterThan(0);
  });

  it('gives thresholds in order (warn before alarm) with a standard', () => {
    for (const t of d.thresholds ?? []) {
      for (const l of [t.limits, t.night].filter((x) => x !== undefined)) {
        if (t.direction === 'below') expect(l.alarm).toBeLessThanOrEqual(l.warn);
        else expect(l.alarm).toBeGreaterThanOrEqual(l.warn);
      }
      expect(t.standard.code.length).toBeGreaterThan(0);
    }
  });

  it('labels every field in both languages, gives every number a unit or a reason not to, and counts only what it can', () => {
    for (const f of d.fields) {
      expect(f.label.zh.length * f.label.en.length, `${d.measurement}.${f.key} label`).toBeGreaterThan(0);
      // Numbers carry units (kPa, m³/h, %, 人次); '' is for states, ids, floors and plain counts.
      if (f.type === 'float' && d.kind === 'telemetry') expect(f.unit, `${d.measurement}.${f.key} unit`).not.toBe('');
      if (f.unitLabel) expect(f.unitLabel.en.length, `${d.measurement}.${f.key} unit label`).toBeGreaterThan(0);
      if (f.type === 'boolean' && f.states) expect(f.states.map((x) => x.value).sort()).toEqual(['false', 'true']);
    }
    for (const t of d.tags) for (const v of t.values ?? []) expect(v.label.zh.length * v.label.en.length, `${t.key}=${v.value}`).toBeGreaterThan(0);
    for (const c of d.cockpit ?? []) {
      if (!c.count) continue;
      if ('state' in c.count) expect(fieldDef(d.measurement, c.field)?.states?.map((x) => x.value), `count of ${c.field}=${c.count.state}`).toContain(c.count.state);
      else expect(d.thresholds?.some((t) => t.field === c.field), `count of ${c.field} at its ${c.count.level} level needs a threshold on it`).toBe(true);
    }
  });

  it('cites where each threshold comes from: a standard\'s code, title and clause, or the product\'s own levels', () => {
    for (const t of d.thresholds ?? []) {
      expect(t.standard.title.zh.length * t.standard.title.en.length).toBeGreaterThan(0);
      expect(t.standard.clause.length, `${d.measurement}.${t.field} clause`).toBeGreaterThan(10);
      if (t.standard.code !== 'product') expect(t.standard.code).toMatch(/^(GB|GB\/T|CJJ|JGJ|TSG|CMA)\b/);
      // The clause states the numbers used, so the wall's figure can be checked against the text.
      if (t.standard.code !== 'product') expect(t.standard.clause, `${d.measurement}.${t.field}`).toMatch(/\d/);
    }
  });

  it('is found by the derived lookups', () => {
    for (const f of d.fields) expect(fieldDef(d.measurement, f.key)).toBe(f);
    expect(deviceTagOf(d.measurement)).toBe(d.tags.find((t) => t.role === 'device')?.key);
  });
});
