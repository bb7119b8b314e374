/**
 * "My data": the engine cannot make the download link itself. The link must be unguessable
 * (crypto-random, not env.random, which is seeded in tests and only needs to be unpredictable
 * enough for references), it needs a record in the store that maps it to the conversation
 * (I/O), and it is signed with a deployment secret the engine must not hold.
 *
 * So the engine states the fact (`data_export_requested`) and leaves a placeholder where the
 * link goes: a literal text argument equal to DATA_EXPORT_URL. The runtime, before it renders
 * and commits the turn, mints one link for the conversation and puts it in place of every
 * placeholder (src/privacy/data-export-link.ts). The transcript, the reply and a retried
 * request's duplicate answer then all carry the same real link; the engine stays pure and
 * its golden transcripts show the placeholder.
 */
import { lit, type Text } from './text';

/** Stands for the download link in a message; never shown to anyone (the runtime replaces it). */
export const DATA_EXPORT_URL = '\u2063{wegov:data-export-url}\u2063';

/** The placeholder as a message argument: `t('my_data.link', { url: dataExportUrl() })`. */
export const dataExportUrl = (): Text => lit(DATA_EXPORT_URL);
