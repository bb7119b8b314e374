export { card, retriage, escapeMrkdwn, type Card, type CardOptions, type CaseTriage } from './card';
export { SlackTriageSink, type SlackTriageSinkOptions } from './sink';
export { triageClient, type TriageClientOptions } from './client';
export { registerTriage, postReporterAnswer, type ReporterAnswer, type TriageDeps } from './actions';
export { slackAlertTarget } from './alert';
export { slackSinkFactory } from './sink-factory';
export { SlackTriageError } from './errors';
export { useTriageLocale } from './strings';
