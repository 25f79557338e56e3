/**
 * HLS into a <video>: hls.js over Media Source Extensions (loaded on first use, bundled: no CDN),
 * or the browser's own HLS where there is no MSE (iOS Safari). One Hls instance per attempt,
 * destroyed by the function this resolves to.
 */
import type HlsType from 'hls.js';
// The transmuxer's worker script, served from here (the ESM build of hls.js has no inline worker).
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url';
import type { StreamOpener } from './video-stream.ts';

let hlsModule: Promise<typeof HlsType> | null = null;
function loadHls(): Promise<typeof HlsType> {
  hlsModule ??= import('hls.js').then((m) => m.default, (e) => { hlsModule = null; throw e; });
  return hlsModule;
}

export const openHls: StreamOpener = (video, url, fail) => {
  let stop: (() => void) | null = null;
  let stopped = false;
  loadHls().then((Hls) => {
    if (!stopped) stop = play(Hls, video, url, fail);
  }, () => fail('hls-load'));
  return () => {
    stopped = true;
    stop?.();
  };
};

function play(Hls: typeof HlsType, video: HTMLVideoElement, url: string, fail: (reason: string) => void): () => void {
  if (Hls.isSupported()) {
    const hls = new Hls({ workerPath: hlsWorkerUrl, lowLatencyMode: false, backBufferLength: 30, maxBufferLength: 20 });
    let mediaRecovered = false;
    hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => undefined); });
    hls.on(Hls.Events.ERROR, (_e, d) => {
      if (!d.fatal) return;
      // A decoding hiccup is recovered once in place; anything else starts over.
      if (d.type === Hls.ErrorTypes.MEDIA_ERROR && !mediaRecovered) {
        mediaRecovered = true;
        hls.recoverMediaError();
        return;
      }
      fail(String(d.details));
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    return () => {
      hls.destroy();
      empty(video);
    };
  }
  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    const onError = () => fail(`media-error-${video.error?.code ?? 0}`);
    video.addEventListener('error', onError);
    video.src = url;
    video.play().catch(() => undefined);
    return () => {
      video.removeEventListener('error', onError);
      empty(video);
    };
  }
  fail('no-hls');
  return () => undefined;
}

/** Lets go of the element's source (and the media pipeline behind it). */
function empty(video: HTMLVideoElement): void {
  if (!video.hasAttribute('src')) return;
  video.removeAttribute('src');
  video.load();
}
