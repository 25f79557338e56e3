/**
 * Facts about each community that are not telemetry: its buildings' floor area (m²) and households,
 * per community and per neighbourhood. Filled at start-up from the twins' manifests and the
 * simulated communities' configurations; a community with neither has no facts (its energy
 * intensity is unknown rather than guessed). A twin's manifest wins over a simulated
 * configuration: it is the customer's own model of the place.
 */

/** One place's sums over its buildings. */
export interface PlaceFacts {
  /** Floor area of the buildings, m². */
  floorAreaM2: number;
  households: number;
  buildings: number;
}

/** A building as both sources describe it. */
export interface BuildingFacts {
  neighbourhood: string;
  floorAreaM2: number;
  households: number;
}

export type FactsSource = 'twin' | 'simulator';

export class CommunityFacts {
  private readonly byPlace = new Map<string, PlaceFacts>();
  private readonly sourceOf = new Map<string, FactsSource>();
  private changes = 0;

  /**
   * Sets a community's facts from its buildings (replacing what it had), unless a twin already
   * gave them and this comes from the simulator.
   */
  setCommunity(community: string, buildings: readonly BuildingFacts[], source: FactsSource): void {
    const had = this.sourceOf.get(community);
    if (had === 'twin' && source === 'simulator') return;
    this.clear(community);
    const total: PlaceFacts = { floorAreaM2: 0, households: 0, buildings: 0 };
    const neighbourhoods = new Map<string, PlaceFacts>();
    for (const b of buildings) {
      if (!(b.floorAreaM2 > 0)) continue;
      let n = neighbourhoods.get(b.neighbourhood);
      if (!n) neighbourhoods.set(b.neighbourhood, (n = { floorAreaM2: 0, households: 0, buildings: 0 }));
      for (const f of [total, n]) { f.floorAreaM2 += b.floorAreaM2; f.households += b.households; f.buildings++; }
    }
    if (total.buildings === 0) return;
    this.byPlace.set(community, total);
    for (const [id, f] of neighbourhoods) this.byPlace.set(id, f);
    this.sourceOf.set(community, source);
    this.neighbourhoodsOf.set(community, [...neighbourhoods.keys()]);
    this.changes++;
  }

  /** A community's or a neighbourhood's facts; undefined when nothing is known of it. */
  get(place: string): PlaceFacts | undefined {
    return this.byPlace.get(place);
  }

  /** Communities with facts. */
  get communities(): number {
    return this.sourceOf.size;
  }

  /** Counts every change (a cache of sums up the tree can tell it is stale). */
  get version(): number {
    return this.changes;
  }

  private readonly neighbourhoodsOf = new Map<string, string[]>();

  private clear(community: string): void {
    if (!this.sourceOf.delete(community)) return;
    this.byPlace.delete(community);
    for (const n of this.neighbourhoodsOf.get(community) ?? []) this.byPlace.delete(n);
    this.neighbourhoodsOf.delete(community);
    this.changes++;
  }
}
