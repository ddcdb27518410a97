export {};
export * from './types';
export * from './permissions';
