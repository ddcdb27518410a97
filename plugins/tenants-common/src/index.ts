export * from './types';
export * from './permissions';
export * from './validation';
export * from './money';
export * from './healthRank';
export * from './utcDates';
export * from './accountLifecycle';
