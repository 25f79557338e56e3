/**
 * The three cameras nearest to the alert's device, with their distance in metres and a link to
 * the customer's video platform (the server's VIDEO_LINK_TEMPLATE, see `videoUrl`); without one, "未接入视频平台".
 */
import { useEffect, useState } from 'react';
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';
import { devicePosition, nearestCameras, videoUrl, type NearCamera } from '../model/nearest-cameras.ts';
import { consoleTwin } from './twin-registry.ts';

type Found = { status: 'loading' | 'noTwin' | 'noDevice' | 'none' | 'error' } | { status: 'ok'; cameras: NearCamera[] };

const fmtM = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

export function NearestCamerasPanel({ alert, videoTemplate }: { alert: AlertRecord; videoTemplate: string | null }) {
  const lang = useLang();
  const [found, setFound] = useState<Found>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setFound({ status: 'loading' });
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

  return (
    <div className="cameras" data-testid="cameras" data-status={found.status}>
      <h3>{t('cameras', lang)}</h3>
      {found.status === 'ok' ? (
        <ol>
          {found.cameras.map((c) => {
            const href = videoUrl(videoTemplate, c.id, alert.community);
            const name = c.name === null ? '' : typeof c.name === 'string' ? c.name : c.name[lang];
            return (
              <li key={c.id} data-testid="camera" data-camera={c.id}>
                <span className="camera-name">{name || c.id}</span>
                <span className="camera-id">{c.id}</span>
                <span className="camera-distance" data-testid="camera-distance">{fmtM.format(c.distanceM)} {t('metres', lang)}</span>
                {href ? <a href={href} target="_blank" rel="noopener noreferrer">{t('video', lang)}</a>
                  : <span className="video-none" data-testid="video-none">{t('videoNone', lang)}</span>}
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="muted">{t(found.status === 'loading' ? 'loading' : found.status === 'noTwin' ? 'camerasNoTwin'
          : found.status === 'noDevice' ? 'camerasNoDevice' : found.status === 'none' ? 'camerasNone' : 'detailFailed', lang)}</p>
      )}
    </div>
  );
}
