export * from './types';
export { MemoryCaseStore } from './memory-case-store';
export { RedisCaseStore } from './redis-case-store';
