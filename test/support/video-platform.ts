/**
 * A stand-in for the customer's video platform (a GB/T 28181 media gateway's browser side): a short
 * H.264 HLS stream and a JPEG snapshot made with ffmpeg, served on their own port (another origin
 * than the app's) with the CORS header gateways send:
 *   /live/<camera>/index.m3u8 (and its segments)    for the cameras in `live`, 404 for the others
 *   /playback/<camera>/index.m3u8?start=…            the same stream, any camera
 *   /snapshot/<camera>.jpg                           any camera
 *   POST /whep/<camera>, DELETE /whep/<camera>/<n>   WHEP (RFC 9725), answered by `whep` (whepSender below)
 * Every request is recorded.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FFMPEG = '/usr/bin/ffmpeg';

/** Why video tests cannot run here (ffmpeg or its H.264 encoder missing), or null when they can. */
export function videoToolsMissing(): string | null {
  const r = spawnSync(FFMPEG, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `ffmpeg (${FFMPEG}) is not installed (Debian: apt-get install ffmpeg)`;
  if (!/\blibx264\b/.test(r.stdout)) return `ffmpeg (${FFMPEG}) has no libx264 encoder for the H.264 test stream`;
  return null;
}

export interface VideoPlatform {
  origin: string;
  /** Cameras whose live stream is served; the others answer 404. */
  live: Set<string>;
  requests: URL[];
  /** Answers a WHEP offer for a camera with the SDP answer and the session's number; unset: 404. */
  whep: ((camera: string, offer: string) => Promise<{ answer: string; session: number }>) | null;
  /** WHEP sessions the player ended (DELETE), as `<camera>/<n>`. */
  whepDeleted: string[];
  close(): Promise<void>;
}

export async function startVideoPlatform(): Promise<VideoPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'video-platform-'));
  // 20 s of a moving test picture, 1 s segments, 320×240 at 10 frames/s: small, quick to encode.
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-t', '20',
    '-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '10', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0',
    '-hls_playlist_type', 'vod', '-hls_segment_filename', join(dir, 'seg%03d.ts'), join(dir, 'index.m3u8')]);
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240', '-frames:v', '1', join(dir, 'snapshot.jpg')]);
  const live = new Set<string>();
  const requests: URL[] = [];
  const platform: VideoPlatform = { origin: '', live, requests, whep: null, whepDeleted: [], close: async () => undefined };
  const cors = {
    'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': 'content-type', 'access-control-expose-headers': 'location',
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://platform');
    requests.push(url);
    const send = (status: number, type: string, body: Buffer | string, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': type, ...cors, 'cache-control': 'no-cache', ...headers }).end(body);
    if (req.method === 'OPTIONS') return send(204, 'text/plain', '');
    const whep = /^\/whep\/([^/]+)(?:\/(\d+))?$/.exec(url.pathname);
    if (whep && req.method === 'DELETE' && whep[2]) {
      platform.whepDeleted.push(`${decodeURIComponent(whep[1])}/${whep[2]}`);
      return send(200, 'text/plain', '');
    }
    if (whep && req.method === 'POST' && !whep[2]) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const camera = decodeURIComponent(whep[1]);
        if (!platform.whep || !live.has(camera)) return send(404, 'text/plain', 'no such stream');
        platform.whep(camera, Buffer.concat(chunks).toString('utf8')).then(
          ({ answer, session }) => send(201, 'application/sdp', answer, { location: `/whep/${whep[1]}/${session}` }),
          (e: Error) => send(500, 'text/plain', e.message));
      });
      return;
    }
    const m = /^\/(live|playback)\/([^/]+)\/(index\.m3u8|seg\d{3}\.ts)$/.exec(url.pathname);
    if (m && (m[1] === 'playback' || live.has(decodeURIComponent(m[2])))) {
      return send(200, m[3].endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t', readFileSync(join(dir, m[3])));
    }
    if (/^\/snapshot\/[^/]+\.jpg$/.test(url.pathname)) return send(200, 'image/jpeg', readFileSync(join(dir, 'snapshot.jpg')));
    send(404, 'text/plain', 'no such stream');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  platform.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  platform.close = () => new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => { rmSync(dir, { recursive: true, force: true }); r(); });
  });
  return platform;
}

/** Chromium's flags for WebRTC between two pages of the machine: real host addresses, no mDNS names. */
export const WEBRTC_LOCAL_ARGS = ['--disable-features=WebRtcHideLocalIpsWithMdns', '--allow-loopback-in-peer-connection'];

/**
 * The sending side of WHEP sessions: a page whose canvas (a moving colour, 320×240 at 10 frames/s)
 * is sent on each session's peer connection, as a media server sends a camera. Non-trickle: the
 * answer carries its candidates. Returns the answerer for `VideoPlatform.whep`.
 */
export async function whepSender(page: Page): Promise<NonNullable<VideoPlatform['whep']>> {
  await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 320;
    c.height = 240;
    document.body.append(c);
    const g = c.getContext('2d')!;
    let n = 0;
    setInterval(() => { g.fillStyle = `hsl(${(n++ * 12) % 360} 80% 50%)`; g.fillRect(0, 0, 320, 240); }, 100);
    (window as any).__whep = { track: c.captureStream(10).getVideoTracks()[0], sessions: [] as RTCPeerConnection[] };
  });
  return (_camera, offer) => page.evaluate(async (offer) => {
      const w = (window as any).__whep as { track: MediaStreamTrack; sessions: RTCPeerConnection[] };
      const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      const video = pc.getTransceivers().find((t) => t.receiver.track.kind === 'video')!;
      video.direction = 'sendonly';
      await video.sender.replaceTrack(w.track);
      await pc.setLocalDescription(await pc.createAnswer());
      await new Promise<void>((r) => {
        if (pc.iceGatheringState === 'complete') return r();
        pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') r(); });
        setTimeout(r, 3000);
      });
      w.sessions.push(pc);
      return { answer: pc.localDescription!.sdp, session: w.sessions.length };
    }, offer);
}
