/**
 * The demo tours the server offers: every `<id>.json` of the tours folder (TOURS_DIR, default the
 * shipped twin-models/tours/), checked once at start (streams/tours/validate-tour.ts). A file that
 * fails is left out with its problems logged, each naming the step and field; the others are
 * served. Whether a step's places exist is asked of the live sites tree when a tour is read, so a
 * tree edited later (or a test's small tree) never needs a restart.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { summarise, type Tour, type TourStep, type TourSummary } from '../../streams/tours/tour.ts';
import { validateTour } from '../../streams/tours/validate-tour.ts';

/** The tours shipped with the product (the default one among them). */
export const SHIPPED_TOURS_DIR = fileURLToPath(new URL('../../twin-models/tours', import.meta.url));

/** Largest tour file read, bytes. */
const MAX_FILE_BYTES = 512 * 1024;

export class TourCatalog {
  private readonly tours = new Map<string, Tour>();
  /** Problems of the files left out, for the log and the tests. */
  readonly problems: string[] = [];

  constructor(private readonly hierarchy: Hierarchy, dir: string) {
    if (!existsSync(dir)) {
      this.problems.push(`tours: folder ${dir} does not exist; no tours are offered`);
      return;
    }
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort()) {
      const name = basename(file);
      let parsed: unknown;
      try {
        const text = readFileSync(join(dir, file));
        if (text.length > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes (${text.length})`);
        parsed = JSON.parse(text.toString('utf8'));
      } catch (e) {
        this.problems.push(`tours: ${name}: not read: ${(e as Error).message}`);
        continue;
      }
      const check = validateTour(parsed, `tours: ${name}`);
      if (!check.ok) { this.problems.push(...check.problems); continue; }
      const t = check.tour;
      if (`${t.id}.json` !== name) { this.problems.push(`tours: ${name}: id: "${t.id}" does not match the file name (expected ${t.id}.json)`); continue; }
      this.tours.set(t.id, t);
    }
    const defaults = [...this.tours.values()].filter((t) => t.default);
    if (defaults.length > 1) this.problems.push(`tours: more than one default tour (${defaults.map((t) => t.id).join(', ')}); the first, ${defaults[0].id}, is the default`);
  }

  /** The tours, the default first, then by id. */
  list(): TourSummary[] {
    const first = this.defaultId();
    return [...this.tours.values()].map((t) => ({ ...summarise(t), default: t.id === first }))
      .sort((a, b) => Number(b.default) - Number(a.default) || (a.id < b.id ? -1 : 1));
  }

  defaultId(): string | undefined {
    return [...this.tours.values()].find((t) => t.default)?.id;
  }

  get(id: string): Tour | undefined {
    return this.tours.get(id);
  }

  step(tourId: string, stepId: string): TourStep | undefined {
    return this.tours.get(tourId)?.steps.find((s) => s.id === stepId);
  }

  /** Why a step cannot be played on this tree (its node or its incident's place missing), or undefined. */
  stepProblem(step: TourStep): string | undefined {
    if (!this.hierarchy.has(step.node)) return `node: "${step.node}" is not in the sites tree`;
    const inc = step.incident;
    if (!inc) return undefined;
    const hood = this.hierarchy.get(inc.neighbourhood);
    if (!hood || hood.level !== 'neighbourhood') return `incident.neighbourhood: "${inc.neighbourhood}" is not a neighbourhood of the sites tree`;
    if (!this.hierarchy.pathOf(inc.neighbourhood).some((n) => n.id === step.node) && hood.parent !== this.communityOf(step.node)) {
      return `incident.neighbourhood: "${inc.neighbourhood}" is not in the step's node "${step.node}"`;
    }
    return undefined;
  }

  /** The community a node is in (itself for a community), or undefined above the community level. */
  communityOf(nodeId: string): string | undefined {
    const n = this.hierarchy.get(nodeId);
    if (!n) return undefined;
    if (n.level === 'community') return n.id;
    return n.level === 'neighbourhood' && n.parent ? n.parent : undefined;
  }
}
