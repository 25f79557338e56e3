/**
 * The rule set each simulated community starts with, from its own configuration: only the rules
 * its devices can trigger, with the pipe thresholds set from its sensors' design values (a water
 * main that idles at 300 kPa is alarmed below half of it; the drainage level at which its manholes
 * are alerted). The demo community gets exactly DEFAULT_RULES this way.
 */
import type { AlertRule } from '../../../streams/alert-rules.ts';
import { seriesOf, type CommunityConfig } from '../../../streams/simulator/index.ts';
import { DEFAULT_RULES } from './default-rules.ts';
import type { RuleEngine } from './rule-engine.ts';
import type { RuleStore } from './rule-store.ts';

/** Water supply is alarmed below this share of the lowest idle pressure of the community's mains … */
const WATER_LOW_SHARE = 0.5;
/** … kept within what still feeds upper floors (the lower bound) and what a normal evening peak reaches. */
const WATER_LOW_KPA: readonly [number, number] = [120, 200];

export function defaultRulesFor(community: CommunityConfig): AlertRule[] {
  const present = new Set<string>(seriesOf(community).map((s) => s.measurement));
  if (community.alertDevices.some((a) => a.kind === 'fence_camera')) present.add('alert');
  const pipes = (network: string) => community.pipeSensors.filter((p) => p.network === network);
  const networks = new Set(community.pipeSensors.map((p) => p.network));
  const rules: AlertRule[] = [];
  for (const rule of DEFAULT_RULES) {
    if ('measurement' in rule && !present.has(rule.measurement)) continue;
    const network = rule.selector?.network;
    if (rule.measurement === 'pipe' && network && !networks.has(network as never)) continue;
    rules.push(tuned(structuredClone(rule), pipes));
  }
  return rules;
}

function tuned(rule: AlertRule, pipes: (network: string) => CommunityConfig['pipeSensors']): AlertRule {
  if (rule.kind !== 'threshold') return rule;
  if (rule.id === 'water-pressure-low') {
    const lowest = Math.min(...pipes('water_supply').map((p) => p.nominalPressureKpa));
    const value = Math.min(WATER_LOW_KPA[1], Math.max(WATER_LOW_KPA[0], Math.round((lowest * WATER_LOW_SHARE) / 10) * 10));
    return { ...rule, value, clearValue: value + 20 };
  }
  if (rule.id === 'drainage-level-high') {
    // The median of the manholes' alert levels: a low-lying point is alerted by its own sensor at its level.
    const levels = pipes('drainage').map((p) => p.alertLevelM ?? 0.8).sort((a, b) => a - b);
    const value = Math.round(levels[Math.floor((levels.length - 1) / 2)] * 10) / 10;
    return { ...rule, value, clearValue: Math.round((value - 0.1) * 10) / 10 };
  }
  return rule;
}

/**
 * Give each community its default rule set where it has none yet (an edited set is left alone),
 * and have the engine evaluate what is stored.
 */
export function seedRuleSets(alerts: { rules: RuleStore; engine: RuleEngine }, communities: readonly CommunityConfig[]): void {
  alerts.rules.seed(communities.map((c) => [c.id, defaultRulesFor(c)] as const));
  for (const set of alerts.rules.all()) alerts.engine.setRules(set.community, set.rules);
}
