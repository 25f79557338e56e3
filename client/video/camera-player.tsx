/**
 * A camera's video: the live stream, HLS or WHEP (muted autoplay), "回放" from the alert's time when the
 * platform offers playback, and when the stream cannot be reached a message naming the camera and
 * the host, with the camera's snapshot if there is one. One stream at a time, disposed on unmount
 * and on every change of URL (video-stream.ts). Keyed by camera: another camera starts live.
 */
import { useEffect, useRef, useState } from 'react';
import { useLang } from '../i18n/i18n-store.ts';
import { formatTime } from '../i18n/time-format.ts';
import type { CameraStreams } from './camera-streams.ts';
import { VideoStream, type StreamState } from './video-stream.ts';
import { STREAM_OPENERS } from './stream-openers.ts';
import { vw } from './video-words.ts';
import './camera-player.css';

export interface CameraPlayerProps {
  camera: { id: string; name: string };
  streams: CameraStreams;
}

export function CameraPlayer({ camera, streams }: CameraPlayerProps) {
  const lang = useLang();
  const [mode, setMode] = useState<'live' | 'playback'>('live');
  const url = mode === 'playback' && streams.playback ? streams.playback : streams.live;
  const protocol = url === streams.live ? streams.liveProtocol : 'hls';
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<StreamState>({ status: 'loading', attempt: 0, reason: '' });
  const [snapshotFailed, setSnapshotFailed] = useState(false);

  useEffect(() => {
    setSnapshotFailed(false);
    if (!url || !video.current) return;
    const stream = new VideoStream(video.current, url, STREAM_OPENERS[protocol], setState);
    return () => stream.dispose();
  }, [url, protocol]);

  const status = url ? state.status : 'unreachable';
  const showSnapshot = status === 'unreachable' && streams.snapshot !== null && !snapshotFailed;
  const name = camera.name || camera.id;
  return (
    <div className="camera-player" data-testid="camera-player" data-camera={camera.id} data-status={url ? status : 'none'}
      data-mode={mode} data-reason={state.reason}>
      <div className="camera-player-screen">
        {/* Never hidden: a browser may hold back a hidden video, and the quiet reattempts play into it. The snapshot lies over it. */}
        <video ref={video} data-testid="camera-video" muted autoPlay playsInline />
        {showSnapshot && (
          <img data-testid="camera-snapshot" src={streams.snapshot!} alt={`${vw('snapshotOnly', lang)} · ${name}`} onError={() => setSnapshotFailed(true)} />
        )}
        {status !== 'playing' && (
          <p className={`camera-player-status status-${status}`} data-testid="camera-status" role="status">
            {!url ? (streams.snapshot ? vw('snapshotOnly', lang) : vw('noStream', lang))
              : status === 'loading' ? (state.attempt ? vw('retrying', lang, { n: state.attempt }) : vw('loading', lang))
              : <>
                  {vw('unreachable', lang, { camera: name, host: hostOf(url) })}
                  {streams.snapshot && <> · {snapshotFailed ? vw('snapshotFailed', lang) : vw('snapshotShown', lang)}</>}
                </>}
          </p>
        )}
      </div>
      <div className="camera-player-bar">
        <span className="camera-player-mode" data-testid="camera-mode">
          {mode === 'playback' && streams.playbackFromMs !== null ? vw('playbackFrom', lang, { time: formatTime(streams.playbackFromMs, lang) }) : vw('live', lang)}
        </span>
        {streams.playback && (
          <button type="button" data-testid="camera-playback" onClick={() => setMode(mode === 'live' ? 'playback' : 'live')}>
            {mode === 'live' ? vw('playback', lang) : vw('backToLive', lang)}
          </button>
        )}
      </div>
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
