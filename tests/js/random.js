// A seeded xorshift32 for the randomized tests: the same sequence on every run and in
// every engine, so a failure replays.

/** A function returning the next pseudo-random integer in [0, 2^24). */
export function xorshift(seed) {
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) >>> 8;
  };
}
