/** `GET /api/client-config`: the settings pages take from the server's configuration (streams/client-config.ts). */
import express from 'express';
import type { ClientConfig } from '../../streams/client-config.ts';
import { NO_VIDEO } from '../../streams/video-templates.ts';
import type { ServerConfig } from '../config.ts';

export function clientConfigRoutes(config: Pick<ServerConfig, 'videoLinkTemplate' | 'video'> & { auth: Pick<ServerConfig['auth'], 'demoGuest'> }): express.Router {
  const body: ClientConfig = { videoLinkTemplate: config.videoLinkTemplate, video: config.video, demoGuest: config.auth.demoGuest };
  // The sign-in page reads this too: the paths of the customer's media servers are for signed-in callers.
  const anonymous: ClientConfig = { ...body, video: { ...NO_VIDEO, liveProtocol: config.video.liveProtocol, playbackLeadS: config.video.playbackLeadS } };
  const r = express.Router();
  r.get('/client-config', (req, res) => {
    // A changed setting takes effect on the next page load, not after a cache's hour.
    res.setHeader('Cache-Control', 'no-cache');
    res.json(req.principal ? body : anonymous);
  });
  return r;
}
