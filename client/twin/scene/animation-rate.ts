/**
 * How often the twin draws while something moves (flowing pipes, pulsing alerts): 30 fps, which
 * looks smooth on an LED wall and halves the GPU's work against the display's 60; `?fps=` (1–60)
 * sets another rate for one screen. Frames for a live tick or a user's action are not held back
 * beyond one display frame.
 */
export const DEFAULT_ANIMATION_FPS = 30;

export function animationFps(search: string = globalThis.location?.search ?? ''): number {
  const asked = Number(new URLSearchParams(search).get('fps'));
  return Number.isFinite(asked) && asked >= 1 && asked <= 60 ? asked : DEFAULT_ANIMATION_FPS;
}
