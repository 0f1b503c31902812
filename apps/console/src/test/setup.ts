import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// antd renders slowly in jsdom: give findBy*/waitFor more than the default second.
configure({ asyncUtilTimeout: 8000 });

// jsdom lacks what antd measures with.
if (!window.matchMedia)
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
if (!('ResizeObserver' in window))
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
// antd reads scrollbar sizes through getComputedStyle with a pseudo element, which jsdom does not implement.
const original = window.getComputedStyle;
window.getComputedStyle = (el: Element) => original(el);

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
