/**
 * Per scene, the share shown on the radar, 0..1 (null when nothing applies):
 * - a community: items met / items that apply (all types; `not_applicable` left out);
 * - an area: the mean basic ratio of its communities (the roll-up carries no per-item counts).
 */
import type { AreaProgress, CommunityProgress } from '../../../streams/indicators/progress.ts';

export function sceneShares(progress: CommunityProgress | undefined, area: AreaProgress | undefined): (number | null)[] {
  if (progress) {
    return progress.scenes.map((s) => {
      const applicable = s.binding.total + s.basic.total + s.additional.total - s.statuses.not_applicable;
      return applicable > 0 ? s.statuses.met / applicable : null;
    });
  }
  if (area) return area.scenes.map((s) => s.meanBasicRatio);
  return [];
}
