/**
 * Runs `callback` just after the browser's next paint (requestAnimationFrame runs before
 * that paint, a timeout set from it after). Returns a function that cancels it; an effect's
 * cleanup can return it as it is.
 */
export function afterNextPaint(callback: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(callback);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
