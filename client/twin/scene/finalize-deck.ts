/**
 * Ends a Deck together with the WebGL context under it. deck.gl 9.4's `finalize()` removes its
 * canvas but keeps the luma.gl device it made (made with `_reuseDevices`, so the device's own
 * `destroy()` does nothing): the device's canvas context keeps watching the detached canvas (resize
 * and intersection observers, a device-pixel-ratio media query) and so keeps it and its WebGL
 * context alive. A view that mounts a Deck at each visit (the wall's carousel going from the twin
 * to the map and back) left a context behind per visit, and Chromium loses the oldest live one
 * once there are 16. Here the observers stop and the context is given back at once.
 */
interface CanvasContextLike { destroy(): void }

/** What is used of a Deck (any views). */
interface DeckLike { getCanvas(): HTMLCanvasElement | null; finalize(): void }

export function finalizeDeck(deck: DeckLike): void {
  const canvas = deck.getCanvas();
  // `device` is protected in deck.gl's types; it is the device Deck made for its canvas.
  const device = (deck as unknown as { device: { canvasContext: CanvasContextLike | null } | null }).device;
  deck.finalize();
  if (!device) return;
  device.canvasContext?.destroy();
  // The canvas is out of the document: its webglcontextlost does not reach the watchdog's window listener.
  const gl = canvas?.getContext('webgl2');
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
}
