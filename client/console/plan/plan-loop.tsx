/** A plan's closed loop in the handover: each step done by whom, when, against its target. */
import type { PlanLoop } from '../../../streams/plans.ts';
import type { Lang } from '../../i18n/i18n-store.ts';
import { formatTime } from '../../i18n/time-format.ts';
import { formatDuration } from '../model/sla-clock.ts';
import { pt } from './plan-messages.ts';

export function PlanLoopList({ loop, lang }: { loop: PlanLoop; lang: Lang }) {
  return (
    <div className="plan-loop" data-testid="handover-plan">
      <b>{pt('loopTitle', lang)} · {loop.name[lang]}</b>
      <ol>
        {loop.steps.map((s) => (
          <li key={s.id} data-step={s.id} data-met={String(s.met)}>
            {s.title[lang]}: {s.seconds === null ? pt('pending', lang) : `${s.doneBy} ${formatTime(s.doneAt!, lang)} · ${formatDuration(s.seconds * 1000, lang)}`}
            {' / '}{pt('target', lang, { d: formatDuration(s.targetSeconds * 1000, lang) })}
            {s.met !== null && <> · {s.met ? pt('met', lang) : pt('missed', lang)}</>}
          </li>
        ))}
      </ol>
    </div>
  );
}
