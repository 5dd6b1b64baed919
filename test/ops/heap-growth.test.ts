import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from '../../src/heap-growth.js';

describe('the daemon limits its heap growth at startup', () => {
  it('sets the factor when the operator did not', () => {
    expect(limitHeapGrowth(['--enable-source-maps'], '--max-old-space-size=512')).toBe(true);
  });

  it("leaves an operator's own --heap-growing-percent alone, however it was given", () => {
    expect(limitHeapGrowth(['--heap-growing-percent=50'], '')).toBe(false);
    expect(limitHeapGrowth(['--heap_growing_percent=50'], '')).toBe(false);
    expect(limitHeapGrowth([], '--enable-source-maps --heap-growing-percent=50')).toBe(false);
  });
});
