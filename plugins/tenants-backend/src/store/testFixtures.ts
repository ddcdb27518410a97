/** Moved to `src/__testUtils__/testFixtures.ts` (test helpers live there); kept for existing imports. */
// eslint-disable-next-line no-restricted-imports -- re-export for tests that import the old path
export * from '../__testUtils__/testFixtures';
