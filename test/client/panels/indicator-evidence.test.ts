/**
 * The evidence view's pieces without a browser: routes taken from the 12.1/12.2 answer, the words
 * a leader reads (value with unit, threshold, evidence line), the route layers as the twin's layer
 * stack hands them to deck.gl (none until asked, the same instances until the overlay changes),
 * the history's "what changed", and the evidence poll that ends with its owner.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { walkRoutes, type AutoItem } from '../../../client/indicators/auto-evidence.ts';
import { EvidenceStore } from '../../../client/indicators/evidence-store.ts';
import { evidenceText, thresholdText, valueText, verdictOf } from '../../../client/panels/indicator-evidence/evidence-summary.ts';
import { changesOf } from '../../../client/panels/indicator-items/history-changes.ts';
import { routeLabel, type WalkRouteOverlay } from '../../../client/twin/scene/layers/walk-route-layers.ts';
import { LayerStack } from '../../../client/twin/scene/layers/layer-stack.ts';
import { TilesetWatch } from '../../../client/twin/scene/tiles/tileset-watch.ts';
import { TwinSceneData } from '../../../client/twin/scene/scene-data.ts';
import { FamilyLooks } from '../../../client/twin/scene/family-looks.ts';
import { AlertMarkers } from '../../../client/twin/scene/alert-markers.ts';
import { AnimationClock } from '../../../client/twin/scene/animation-clock.ts';
import { ALL_VISIBLE } from '../../../client/twin/scene/layer-names.ts';
import { unassessed, type Assessment } from '../../../streams/indicators/assessment.ts';
import { fakeTwin } from '../twin/fake-twin.ts';

const line = (n: number): number[][] => Array.from({ length: n }, (_, i) => [106.55 + i * 0.001, 29.55, 250]);
const bus: AutoItem = {
  check: 'walk-to-bus', item: '12.1', name: { zh: '公交站', en: 'Bus stop' }, value: 612.4, unit: 'm',
  threshold: { comparison: '<=', value: 500, unit: 'm', source: 'guideline' }, met: false, reason: 'g-north 612.4 m beyond 500 m',
  evidence: {
    entrances: [
      { gate: 'g-north', name: { zh: '北门', en: 'North gate' }, distanceM: 612.4, within: false, route: line(3) },
      { gate: 'g-south', name: '南门', distanceM: 240, within: true, route: line(2) },
      // No route (unreachable, or a gate standing on the stop): nothing to draw.
      { gate: 'g-east', distanceM: null, within: false, route: [] },
    ],
  },
};
const density: AutoItem = {
  check: 'walkway-density', item: null, rule: '三(四)3', name: { zh: '步行网络密度', en: 'Walkway density' }, value: 14.256, unit: 'km/km²',
  threshold: { comparison: '>=', value: 14, unit: 'km/km²', source: 'guideline' }, met: true, evidence: { lengthInsideKm: 3.2, areaKm2: 0.2245 },
};

describe('evidence of the data-judged items', () => {
  it('takes one drawable route per main entrance from 12.1 and 12.2, with its length and verdict', () => {
    const routes = walkRoutes([bus, density]);
    expect(routes.map((r) => [r.item, r.gate, r.gateName, r.distanceM, r.within, r.path.length])).toEqual([
      ['12.1', 'g-north', '北门', 612.4, false, 3],
      ['12.1', 'g-south', '南门', 240, true, 2],
    ]);
    expect(routeLabel(routes[0], 'zh')).toBe('公交 612 m');
    expect(routeLabel(routes[1], 'en')).toBe('Bus 240 m');
  });

  it.each([
    { it: bus, lang: 'zh', value: '612.4 m', threshold: '≤ 500 m · 导则', verdict: 'not_met', text: '3 个主要出入口：北门 612.4 m ✗，南门 240 m ✓，g-east 不可达' },
    { it: bus, lang: 'en', value: '612.4 m', threshold: '≤ 500 m · guideline', verdict: 'not_met', text: '3 main entrances: North gate 612.4 m ✗, 南门 240 m ✓, g-east unreachable' },
    { it: density, lang: 'zh', value: '14.26 km/km²', threshold: '≥ 14 km/km² · 导则', verdict: 'met', text: '界内步道 3.2 km / 用地 0.225 km²' },
    { it: { ...density, value: null, met: null, reason: 'the twin has no boundary polygon', evidence: {} }, lang: 'zh', value: '—', threshold: '≥ 14 km/km² · 导则', verdict: 'unknown', text: '' },
  ] as const)('reads $it.check in $lang: $value, $threshold', ({ it: item, lang, value, threshold, verdict, text }) => {
    expect(valueText(item, lang)).toBe(value);
    expect(thresholdText(item, lang)).toBe(threshold);
    expect(verdictOf(item)).toBe(verdict);
    expect(evidenceText(item, lang)).toBe(text);
  });
});

describe('walking routes in the twin layer stack', () => {
  const setUp = () => {
    const scene = new TwinSceneData(fakeTwin());
    const looks = new FamilyLooks(scene);
    return new LayerStack(scene, looks, new AlertMarkers((a) => scene.alertPosition(a)), new AnimationClock(), new TilesetWatch([], 0, () => {}));
  };
  const overlay = (o: Partial<WalkRouteOverlay> = {}): WalkRouteOverlay => ({ routes: walkRoutes([bus]), visible: true, highlight: null, lang: 'zh', rev: 1, ...o });

  it('adds no route layer to a twin without the evidence, and two when the evidence is wired', () => {
    const stack = setUp();
    expect(stack.layers(ALL_VISIBLE).map((l) => l.id)).not.toContain('walk-routes');
    const layers = new Map(stack.layers(ALL_VISIBLE, overlay()).map((l) => [l.id, l]));
    expect(layers.get('walk-routes')!.props.visible).toBe(true);
    expect((layers.get('walk-routes')!.props.data as unknown[]).length).toBe(2);
    expect((layers.get('walk-route-labels')!.props.data as unknown[]).length).toBe(2);
  });

  it('hands deck.gl the same route layers until the overlay changes', () => {
    const stack = setUp();
    const o = overlay();
    const a = stack.layers(ALL_VISIBLE, o);
    expect(stack.layers(ALL_VISIBLE, o)).toBe(a);
    const hidden = stack.layers(ALL_VISIBLE, { ...o, visible: false, rev: 2 });
    const routes = hidden.find((l) => l.id === 'walk-routes')!;
    expect(routes).not.toBe(a.find((l) => l.id === 'walk-routes'));
    expect(routes.props.visible).toBe(false);
    // Every other layer is the same instance.
    expect(hidden.filter((l) => !l.id.startsWith('walk-route')).every((l, i) => l === a.filter((x) => !x.id.startsWith('walk-route'))[i])).toBe(true);
  });
});

describe('history of an assessment', () => {
  const rev = (revision: number, patch: Partial<Assessment>): Assessment => ({ ...unassessed('c-a', '13.1'), revision, operator: '王审核 (wang)', at: 1000, ...patch });
  it('says what each revision changed', () => {
    const r1 = rev(1, { status: 'in_progress', evidence: { note: '踏勘', links: ['https://example.org/a'], attachments: [] } });
    const r2 = rev(2, { status: 'met', evidence: { ...r1.evidence, attachments: [{ name: '图.pdf', id: 'doc-1' }] } });
    const r3 = rev(3, { status: 'met', evidence: r2.evidence });
    expect(changesOf(r1, undefined, 'zh')).toEqual(['状态 推进中', '说明已修改', '链接 1 条']);
    expect(changesOf(r2, r1, 'zh')).toEqual(['状态 推进中 → 已达标', '附件 1 个']);
    expect(changesOf(r3, r2, 'en')).toEqual(['no change']);
  });
});

describe('the evidence poll', () => {
  afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals(); });

  it('reads at once and on every interval, and stops with its owner, hiding the routes', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(async () => new Response(JSON.stringify({ community: 'c-eling', computedAt: '2026-12-02T06:00:00Z', items: [bus] }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const store = new EvidenceStore();
    const stop = store.follow('c-eling', 60_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.api.getState().routes).toHaveLength(2);
    store.setHighlight('12.1');
    expect(store.api.getState()).toMatchObject({ showRoutes: true, highlight: '12.1' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    stop();
    expect(store.api.getState()).toMatchObject({ showRoutes: false, highlight: null });
    await vi.advanceTimersByTimeAsync(180_000);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says why when the community has no twin', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: 'indicators: no twin for community "c-b"' }), { status: 404 })));
    const store = new EvidenceStore();
    const stop = store.follow('c-b');
    await vi.waitFor(() => expect(store.api.getState().error).toBe('indicators: no twin for community "c-b"'));
    stop();
  });
});
