/**
 * Settings browsers take from the server (`GET /api/client-config`), never from a URL parameter
 * or local storage: anything that points a page at another host is the operator's configuration,
 * not something a link can change.
 */
import type { VideoTemplates } from './video-templates.ts';

export interface ClientConfig {
  /**
   * The alert console's camera links: an absolute http(s) URL of the customer's video platform with
   * `{camera}` and `{community}` placeholders (VIDEO_LINK_TEMPLATE), or null when none is connected.
   */
  videoLinkTemplate: string | null;
  /** The video platform's live, snapshot and playback templates (docs/video.md); absent from older servers. */
  video?: VideoTemplates;
  /**
   * The sign-in page offers a demo visit (`POST /api/auth/guest`, read-only, the demo community
   * only) when the server enables demo guests; absent means no.
   */
  demoGuest?: boolean;
}
