/**
 * The three cameras nearest to the alert's device, with their distance in metres and a link to
 * the customer's video platform (the server's VIDEO_LINK_TEMPLATE, see `videoUrl`); without one, "未接入视频平台".
 * With a stream or snapshot template (docs/video.md) the nearest camera plays above the list, and
 * a click on another camera plays that one instead; playback starts from the alert's time.
 */
import { useEffect, useState } from 'react';
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';
import { devicePosition, nearestCameras, videoUrl, type NearCamera } from '../model/nearest-cameras.ts';
import { consoleTwin } from './twin-registry.ts';
import { CameraPlayer } from '../../video/camera-player.tsx';
import { cameraStreams } from '../../video/camera-streams.ts';
import { hasVideo, useVideoTemplates } from '../../video/video-config.ts';

type Found = { status: 'loading' | 'noTwin' | 'noDevice' | 'none' | 'error' } | { status: 'ok'; cameras: NearCamera[] };

const fmtM = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function NearestCamerasPanel({ alert, videoTemplate }: { alert: AlertRecord; videoTemplate: string | null }) {
  const lang = useLang();
  const [found, setFound] = useState<Found>({ status: 'loading' });
  const templates = useVideoTemplates();
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setFound({ status: 'loading' });
    setChosen(null);
    consoleTwin(alert.community).then((twin) => {
      if (!live) return;
      if (!twin) { setFound({ status: 'noTwin' }); return; }
      const pos = devicePosition(alert.device, twin.manifest, twin.layers);
      if (!pos) { setFound({ status: 'noDevice' }); return; }
      const cameras = nearestCameras(pos.at, twin.layers.cameras, 3);
      setFound(cameras.length ? { status: 'ok', cameras } : { status: 'none' });
    }, () => { if (live) setFound({ status: 'error' }); });
    return () => { live = false; };
  }, [alert.community, alert.device]);

  const video = hasVideo(templates) ? templates : null;
  const shown = video && found.status === 'ok' ? found.cameras.find((x) => x.id === chosen) ?? found.cameras[0] : undefined;
  return (
    <div className="cameras" data-testid="cameras" data-status={found.status}>
      <h3>{t('cameras', lang)}</h3>
      {found.status === 'ok' ? (<>
        {video && shown && <CameraPlayer key={shown.id} camera={{ id: shown.id, name: cameraName(shown, lang) }}
          streams={cameraStreams(video, shown, alert.community, alert.raisedAt)} />}
        <ol>
          {found.cameras.map((c) => {
            const href = videoUrl(videoTemplate, c.id, alert.community);
            const name = cameraName(c, lang);
            const selected = shown?.id === c.id;
            return (
              <li key={c.id} data-testid="camera" data-camera={c.id} data-selected={selected}>
                {video
                  ? <button type="button" className="camera-name camera-pick" data-testid="camera-pick" aria-pressed={selected} onClick={() => setChosen(c.id)}>{name || c.id}</button>
                  : <span className="camera-name">{name || c.id}</span>}
                <span className="camera-id">{c.id}</span>
                <span className="camera-distance" data-testid="camera-distance">{fmtM.format(c.distanceM)} {t('metres', lang)}</span>
                {href ? <a href={href} target="_blank" rel="noopener noreferrer">{t('video', lang)}</a>
                  : <span className="video-none" data-testid="video-none">{t('videoNone', lang)}</span>}
              </li>
            );
          })}
        </ol>
      </>) : (
        <p className="muted">{t(found.status === 'loading' ? 'loading' : found.status === 'noTwin' ? 'camerasNoTwin'
          : found.status === 'noDevice' ? 'camerasNoDevice' : found.status === 'none' ? 'camerasNone' : 'detailFailed', lang)}</p>
      )}
    </div>
  );
}

function cameraName(c: NearCamera, lang: 'zh' | 'en'): string {
  return c.name === null ? '' : typeof c.name === 'string' ? c.name : c.name[lang];
}
