/**
 * The nodes a series' latest value counts toward, nearest first: its neighbourhood (when the tree
 * has it under the series' community), its community and every level above. A series whose
 * community is not a community of the tree counts nowhere, as the live rooms see it.
 */
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { tagValue } from '../../streams/line-protocol/tag-map.ts';

/** The nearest of those nodes (the neighbourhood, else the community), or undefined when there are none. */
export function nearestNode(hierarchy: Hierarchy, tags: Readonly<Record<string, string>>): string | undefined {
  const community = tagValue(tags, 'community');
  if (community === undefined || hierarchy.get(community)?.level !== 'community') return undefined;
  const nb = tagValue(tags, 'neighbourhood');
  const node = nb === undefined ? undefined : hierarchy.get(nb);
  return node && node.level === 'neighbourhood' && node.parent === community ? node.id : community;
}

export function seriesPlace(hierarchy: Hierarchy, tags: Readonly<Record<string, string>>): string[] {
  const community = tagValue(tags, 'community');
  if (community === undefined || hierarchy.get(community)?.level !== 'community') return [];
  const path = hierarchy.pathOf(community).map((n) => n.id);
  const nb = tagValue(tags, 'neighbourhood');
  const node = nb === undefined ? undefined : hierarchy.get(nb);
  if (node && node.level === 'neighbourhood' && node.parent === community) path.unshift(node.id);
  return path;
}
