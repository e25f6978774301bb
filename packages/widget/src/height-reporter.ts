/** The message the widget posts to its parent whenever its height changes. */
export interface ResizeMessage {
  type: 'billfold:resize';
  height: number;
}

/**
 * Observes `element` and posts `{type: "billfold:resize", height}` to `target` with the exact
 * `targetOrigin`, once per change of the rounded height. Returns a function that stops it.
 */
export function reportHeight(
  element: Element,
  target: Pick<Window, 'postMessage'>,
  targetOrigin: string,
): () => void {
  let lastHeight = -1;

  const post = () => {
    const rect = element.getBoundingClientRect();
    const height = Math.ceil(rect.bottom + window.scrollY);
    if (height === lastHeight) return;

    lastHeight = height;
    const message: ResizeMessage = { type: 'billfold:resize', height };
    target.postMessage(message, targetOrigin);
  };

  const observer = new ResizeObserver(post);
  observer.observe(element);

  return () => observer.disconnect();
}
