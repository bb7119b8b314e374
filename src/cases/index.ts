export * from './types';
export { MemoryCaseStore } from './memory-case-store';
export { RedisCaseStore } from './redis-case-store';
export * from './report-record';
export { MemoryReportRecords } from './report-records-memory';
export { RedisReportRecords } from './report-records-redis';
