import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// jsdom lacks what Mantine measures the page with.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver = ResizeObserverStub as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView = () => undefined;
// The autosizing textarea re-measures when web fonts load.
Object.defineProperty(document, 'fonts', {
  value: { addEventListener: () => undefined, removeEventListener: () => undefined, ready: Promise.resolve() },
});
window.scrollTo = () => undefined;

/**
 * The API client keeps the fetch it found at start-up; tests answer through this hook instead of a server.
 * Unanswered calls fail loudly, so a test never depends on a request it did not expect.
 */
export const serverAnswers = { handle: null as null | ((req: Request) => Response | Promise<Response>) };
globalThis.fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
  const req = input instanceof Request ? input : new Request(input, init);
  if (!serverAnswers.handle) throw new Error(`unexpected request in a component test: ${req.method} ${req.url}`);
  return Promise.resolve(serverAnswers.handle(req));
}) as typeof fetch;

afterEach(() => {
  cleanup();
  serverAnswers.handle = null;
  vi.mocked(fetch).mockClear();
});
