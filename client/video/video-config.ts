/**
 * The video platform's templates, from the server's configuration (`GET /api/client-config`), read
 * once per page and shared by every player; a failed read is tried again every few seconds while
 * some component waits for it.
 */
import { useEffect, useState } from 'react';
import { fetchClientConfig } from '../api/api-client.ts';
import { NO_VIDEO, type VideoTemplates } from '../../streams/video-templates.ts';

let read: Promise<VideoTemplates> | null = null;

function readVideoConfig(): Promise<VideoTemplates> {
  read ??= fetchClientConfig().then((c) => c.video ?? NO_VIDEO, (e) => { read = null; throw e; });
  return read;
}

/** The templates, or null until they are read. */
export function useVideoTemplates(): VideoTemplates | null {
  const [templates, setTemplates] = useState<VideoTemplates | null>(null);
  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () => readVideoConfig().then((t) => { if (live) setTemplates(t); }, () => { if (live) retry = setTimeout(load, 3000); });
    load();
    return () => { live = false; clearTimeout(retry); };
  }, []);
  return templates;
}

/** Whether any stream or snapshot is configured (otherwise no player is shown). */
export function hasVideo(t: VideoTemplates | null): t is VideoTemplates {
  return t !== null && (t.live !== null || t.snapshot !== null);
}
