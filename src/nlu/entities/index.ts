/**
 * Entities in free text, as pure functions over a message (issue 14): street addresses,
 * emails, phone numbers, case references, numbers, and dates and times. Each returns what it
 * found with offsets into the text and a normalised value; none throws or does I/O, and each
 * reads a bounded head of the text.
 */
export { extractAddresses, firstAddress, type AddressEntity, type AddressOptions, type KnownNames } from './address';
export { extractEmails, type EmailEntity } from './email';
export { extractPhones, type PhoneEntity } from './phone';
export { extractReferences, REFERENCE_CHARS, type ReferenceEntity } from './reference';
export { extractNumbers, type NumberEntity } from './number';
export { extractDatetimes, firstDatetime, type DatetimeEntity, type DatetimeOptions } from './datetime';
