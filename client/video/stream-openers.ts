/** The opener of each live protocol (VIDEO_LIVE_PROTOCOL); playback is always HLS. */
import { openHls } from './hls-open.ts';
import { openWhep } from './whep-open.ts';
import type { StreamOpener, StreamProtocol } from './video-stream.ts';

export const STREAM_OPENERS: Record<StreamProtocol, StreamOpener> = { hls: openHls, whep: openWhep };
