/** Open311 GeoReport v2 sink: form encoding, HTTP client, typed errors, the Sink itself. */
export * from './errors';
export { plainTextDescription, MAX_DESCRIPTION_LENGTH } from './description';
export { open311Form, splitName, type Open311FormOptions } from './request-form';
export { Open311Client, type Open311ClientOptions, type Open311SubmitResult, type Open311CaseStatus } from './client';
export { Open311Sink, type Open311SinkOptions, type Open311Delivery } from './open311-sink';
