/**
 * A stand-in for the customer's video platform (a GB/T 28181 media gateway's browser side): a short
 * H.264 HLS stream and a JPEG snapshot made with ffmpeg, served on their own port (another origin
 * than the app's) with the CORS header gateways send:
 *   /live/<camera>/index.m3u8 (and its segments)    for the cameras in `live`, 404 for the others
 *   /playback/<camera>/index.m3u8?start=…            the same stream, any camera
 *   /snapshot/<camera>.jpg                           any camera
 * Every request is recorded.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://platform');
    requests.push(url);
    const send = (status: number, type: string, body: Buffer | string) =>
      res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*', 'cache-control': 'no-cache' }).end(body);
    const m = /^\/(live|playback)\/([^/]+)\/(index\.m3u8|seg\d{3}\.ts)$/.exec(url.pathname);
    if (m && (m[1] === 'playback' || live.has(decodeURIComponent(m[2])))) {
      return send(200, m[3].endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t', readFileSync(join(dir, m[3])));
    }
    if (/^\/snapshot\/[^/]+\.jpg$/.test(url.pathname)) return send(200, 'image/jpeg', readFileSync(join(dir, 'snapshot.jpg')));
    send(404, 'text/plain', 'no such stream');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    live,
    requests,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => { rmSync(dir, { recursive: true, force: true }); r(); });
    }),
  };
}
