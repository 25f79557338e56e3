/**
 * WebRTC from a WHEP endpoint (RFC 9725, what ZLMediaKit, SRS and MediaMTX offer browsers): a
 * receive-only RTCPeerConnection whose offer, with its ICE candidates gathered, is POSTed as
 * `application/sdp`; the answer comes back in the 201, the session's URL in `Location`, which is
 * sent DELETE when the player stops. No STUN or TURN server: the platform is on the customer's
 * network and its answer carries the candidates to reach it.
 */
import type { StreamOpener } from './video-stream.ts';

/** Offer candidates are gathered at most this long (a host candidate takes milliseconds). */
const GATHER_MS = 2000;
/** Connected within this long, or the attempt fails. */
const CONNECT_MS = 15_000;
/** A connection "disconnected" this long (not coming back by itself) fails. */
const DISCONNECTED_MS = 5000;

export const openWhep: StreamOpener = (video, url, fail) => {
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const stream = new MediaStream();
  let resource: string | null = null;
  let stopped = false;
  let lost: ReturnType<typeof setTimeout> | undefined;
  const connectTimer = setTimeout(() => fail('whep-timeout'), CONNECT_MS);
  const stop = () => {
    stopped = true;
    clearTimeout(connectTimer);
    clearTimeout(lost);
    pc.close();
    video.srcObject = null;
    freeResource();
  };
  // The session is the platform's to free; tell it, without waiting for an answer.
  const freeResource = () => {
    if (resource) fetch(resource, { method: 'DELETE', keepalive: true }).catch(() => undefined);
    resource = null;
  };
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.addTransceiver('audio', { direction: 'recvonly' });
  pc.ontrack = (e) => {
    stream.addTrack(e.track);
    if (video.srcObject !== stream) video.srcObject = stream;
    video.play().catch(() => undefined);
  };
  pc.onconnectionstatechange = () => {
    const s = pc.connectionState;
    if (s === 'connected') { clearTimeout(connectTimer); clearTimeout(lost); lost = undefined; }
    else if (s === 'failed') fail('whep-ice-failed');
    else if (s === 'disconnected' && lost === undefined) lost = setTimeout(() => fail('whep-disconnected'), DISCONNECTED_MS);
  };
  void (async () => {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    if (stopped) return;
    const res = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription!.sdp,
    });
    const location = res.headers.get('location');
    if (location) resource = new URL(location, url).href;
    // Stopped while the platform answered (the request is left to finish for this): its session is freed at once.
    if (stopped) { freeResource(); return; }
    if (res.status !== 201 && res.status !== 200) { fail(`whep-${res.status}`); return; }
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
  })().catch((e: unknown) => { if (!stopped) fail(`whep-${e instanceof Error ? e.name : 'error'}`); });
  return stop;
};

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => { clearTimeout(timer); pc.removeEventListener('icegatheringstatechange', check); resolve(); };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const timer = setTimeout(done, GATHER_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}
