/**
 * The wall page's pure parts: the carousel's steps (a level view goes through the nodes at that
 * level), the clock offset of one round trip, the back-off of a page that keeps reloading, the
 * scale modes' root font sizes, and the panels' stale markers from a live store's arrivals.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { carouselSteps } from '../../../client/wall/carousel.ts';
import { clockOffset } from '../../../client/wall/heartbeat.ts';
import { reloadDelayMs } from '../../../client/wall/reload-record.ts';
import { layoutForAspect, rootFontSize } from '../../../client/wall/screen-fit.ts';
import { freshnessStore, startPanelFreshness, staleText } from '../../../client/live/panel-freshness.ts';
import { LiveStore } from '../../../client/live/live-store.ts';
import { packColumns } from '../../../streams/live-protocol.ts';
import { TEST_HIERARCHY } from '../../support/test-app.ts';

describe('the carousel', () => {
  it('is the profile\'s node alone without views', () => {
    expect(carouselSteps([], 'c-a', TEST_HIERARCHY)).toEqual([{ node: 'c-a', durationS: 0 }]);
  });
  it('turns a level view into one step per node at that level, in the tree\'s order', () => {
    const steps = carouselSteps([{ node: 'c-a', panel: 'energy', durationS: 20 }, { level: 'community', durationS: 10 }, { level: 'neighbourhood', scene: 4, durationS: 5 }], 's-1', TEST_HIERARCHY);
    expect(steps).toEqual([
      { node: 'c-a', panel: 'energy', scene: undefined, durationS: 20 },
      { node: 'c-a', panel: undefined, scene: undefined, durationS: 10 },
      { node: 'c-b', panel: undefined, scene: undefined, durationS: 10 },
      { node: 'n-a1', panel: undefined, scene: 4, durationS: 5 },
      { node: 'n-a2', panel: undefined, scene: 4, durationS: 5 },
      { node: 'n-b1', panel: undefined, scene: 4, durationS: 5 },
    ]);
  });
  it('shows the view\'s own node while the tree is not loaded', () => {
    expect(carouselSteps([{ level: 'community', durationS: 10 }], 's-1', []).map((s) => s.node)).toEqual(['s-1']);
  });
});

describe('the wall\'s clock and reloads', () => {
  it('takes the server\'s time as half-way through the round trip', () => {
    expect(clockOffset(1000, 61_100, 1200)).toBe(60_000);
    expect(clockOffset(1000, 1100, 1200)).toBe(0);
  });
  it('reloads at once the first time in ten minutes, then waits longer each time, at most 5 min', () => {
    const now = 1_000_000_000;
    expect(reloadDelayMs([now], now)).toBe(0);
    expect(reloadDelayMs([now - 11 * 60_000, now], now)).toBe(0);
    expect(reloadDelayMs([now - 60_000, now], now)).toBe(5000);
    expect(reloadDelayMs([now - 120_000, now - 60_000, now], now)).toBe(10_000);
    expect(reloadDelayMs(Array.from({ length: 10 }, (_, i) => now - i * 1000), now)).toBe(300_000);
  });
});

describe('scale modes', () => {
  it('pick the layout of the screen\'s aspect ratio for auto', () => {
    expect(layoutForAspect(3840, 2160)).toBe('16x9');
    expect(layoutForAspect(7680, 2160)).toBe('32x9');
    expect(layoutForAspect(5760, 1080)).toBe('48x9');
  });
  it('size the root font to fit, fill one side, or stay at native pixels', () => {
    expect(rootFontSize('fit', 240)).toBe('max(8px, min(calc(100vw / 240), calc(100vh / 67.5)))');
    expect(rootFontSize('fill-width', 120)).toBe('calc(100vw / 120)');
    expect(rootFontSize('fill-height', 360)).toBe('calc(100vh / 67.5)');
    expect(rootFontSize('native', 120)).toBe('16px');
  });
});

describe('stale markers', () => {
  afterEach(() => { vi.useRealTimers(); });
  const energy = (store: LiveStore, t: number) => store.applyTelemetry({
    room: 'c-a/energy', epoch: 'e1', seq: 1,
    schema: [{ id: 1, measurement: 'energy', tags: { community: 'c-a', neighbourhood: 'n-a1' }, field: 'load_kw', type: 'float' }],
    samples: packColumns([1], [t], [10]),
  });

  it('mark a panel once its data is older than 3 reporting intervals, and clear when data comes', () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const store = new LiveStore();
    store.setNode({ id: 'c-a', level: 'community', name: { zh: '甲社区', en: 'A' }, parent: 's-1' }, 'e1');
    store.setConnection('connected');
    const stop = startPanelFreshness(store);
    energy(store, Date.now());
    vi.advanceTimersByTime(170_000);
    expect(freshnessStore.getState().stale.energy).toBeUndefined();
    // Energy meters report every 60 s: stale after 180 s.
    vi.advanceTimersByTime(15_000);
    expect(freshnessStore.getState().stale.energy).toBe(180);
    expect(staleText(180, 'zh')).toBe('数据已 3 分钟未更新');
    expect(staleText(45, 'en')).toBe('No update for 45 s');
    // Panels fed by no telemetry stay fresh while connected; a panel with no data is not marked.
    expect(Object.keys(freshnessStore.getState().stale)).toEqual(['energy']);
    energy(store, Date.now());
    vi.advanceTimersByTime(1000);
    expect(freshnessStore.getState().stale).toEqual({});
    // Connection down for longer than the threshold (staleAfterS here): the connection's panels too.
    stop();
    const stop2 = startPanelFreshness(store, { staleAfterS: 5 });
    store.setConnection('reconnecting', 'transport close');
    vi.advanceTimersByTime(6000);
    expect(Object.keys(freshnessStore.getState().stale).sort()).toEqual(['alert-stats', 'alerts', 'energy', 'items', 'progress', 'rankings', 'scenes']);
    store.setConnection('connected');
    energy(store, Date.now());
    vi.advanceTimersByTime(1000);
    expect(freshnessStore.getState().stale).toEqual({});
    stop2();
  });
});
