/**
 * A camera stream's retries are bounded and its resources owned: a failing stream is retried after
 * 2 s and 4 s, then reported unreachable and tried quietly once a minute; when it plays it says so
 * and the count starts over; disposed, it stops the attempt in progress and never opens again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VideoStream, type StreamOpener, type StreamState } from '../../client/video/video-stream.ts';

/** The part of a <video> the stream touches. */
function fakeVideo() {
  return Object.assign(new EventTarget(), { muted: false, autoplay: false, playsInline: false }) as unknown as HTMLVideoElement;
}

function fakeOpener() {
  const attempts: { fail(reason: string): void; stopped: boolean }[] = [];
  const open: StreamOpener = (_video, _url, fail) => {
    const a = { fail, stopped: false };
    attempts.push(a);
    return () => { a.stopped = true; };
  };
  return { open, attempts };
}

describe('a camera stream', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('retries after 2 s and 4 s, then is unreachable and tried once a minute, quietly, until it plays', () => {
    const video = fakeVideo();
    const { open, attempts } = fakeOpener();
    const states: StreamState[] = [];
    const s = new VideoStream(video, 'https://gw.example/c1.m3u8', open, (x) => states.push(x));
    expect(states.at(-1)).toEqual({ status: 'loading', attempt: 0, reason: '' });

    attempts[0].fail('manifestLoadError');
    expect(attempts[0].stopped).toBe(true);
    expect(states.at(-1)).toEqual({ status: 'loading', attempt: 1, reason: 'manifestLoadError' });
    vi.advanceTimersByTime(1999);
    expect(attempts.length).toBe(1);
    vi.advanceTimersByTime(1);
    expect(attempts.length).toBe(2);
    attempts[1].fail('manifestLoadError');
    vi.advanceTimersByTime(4000);
    expect(attempts.length).toBe(3);
    attempts[2].fail('manifestLoadError');
    expect(states.at(-1)).toEqual({ status: 'unreachable', attempt: 2, reason: 'manifestLoadError' });

    // Quiet reattempts: no "loading" between them, one per minute.
    const shown = states.length;
    vi.advanceTimersByTime(60_000);
    expect(attempts.length).toBe(4);
    attempts[3].fail('manifestLoadError');
    vi.advanceTimersByTime(59_999);
    expect(attempts.length).toBe(4);
    vi.advanceTimersByTime(1);
    expect(attempts.length).toBe(5);
    expect(states.slice(shown).map((x) => x.status)).toEqual(['unreachable']);

    // The platform is back.
    video.dispatchEvent(new Event('playing'));
    expect(states.at(-1)).toEqual({ status: 'playing', attempt: 0, reason: '' });
    attempts[4].fail('levelLoadError');
    expect(states.at(-1)).toEqual({ status: 'loading', attempt: 1, reason: 'levelLoadError' });
    s.dispose();
  });

  it('disposed, stops the attempt in progress, cancels its retry and ignores a late failure', () => {
    const video = fakeVideo();
    const { open, attempts } = fakeOpener();
    const states: StreamState[] = [];
    const s = new VideoStream(video, 'https://gw.example/c1.m3u8', open, (x) => states.push(x));
    attempts[0].fail('fragLoadError');
    vi.advanceTimersByTime(2000);
    s.dispose();
    expect(attempts.map((a) => a.stopped)).toEqual([true, true]);
    const n = states.length;
    attempts[1].fail('late');
    video.dispatchEvent(new Event('playing'));
    vi.advanceTimersByTime(10 * 60_000);
    expect(attempts.length).toBe(2);
    expect(states.length).toBe(n);
    expect(vi.getTimerCount()).toBe(0);
  });
});
