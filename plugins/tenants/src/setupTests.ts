import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait up to 5 s, not 1 s: the data grid's first render takes over a second
// when every core is busy (CI runs all packages' suites at once).
configure({ asyncUtilTimeout: 5000 });
// A test may take 30 s, not jest's 5 s: a page with charts renders in about a second alone but
// several times that when every core is busy.
jest.setTimeout(30_000);

// jsdom has no layout: give recharts' ResponsiveContainer a fixed 800 × 240 box so charts render.
class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [
        {
          target,
          contentRect: { width: 800, height: 240 } as DOMRectReadOnly,
        } as ResizeObserverEntry,
      ],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= FixedSizeResizeObserver;
