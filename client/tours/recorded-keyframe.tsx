/** Shows the camera keyframe just recorded with `K` (camera-recorder.ts) until its time is over. */
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { useLang } from '../i18n/i18n-store.ts';
import { listenForCameraRecording, recordedKeyframe } from './camera-recorder.ts';
import { tw } from './tour-words.ts';

export function RecordedKeyframe() {
  const lang = useLang();
  const json = useStore(recordedKeyframe, (s) => s.json);
  const copied = useStore(recordedKeyframe, (s) => s.copied);
  useEffect(() => listenForCameraRecording(), []);
  if (!json) return null;
  return (
    <div className="recorded-keyframe" data-testid="recorded-keyframe" role="status">
      {tw(copied ? 'keyframeCopied' : 'keyframe', lang)}
      <code>{json}</code>
    </div>
  );
}
