export * from './payload';
export * from './signature';
export * from './webhook-sink';
