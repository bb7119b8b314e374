/**
 * Staff-facing text of the triage channel, in the agency's working language (English for now).
 * One map so it can be localized later; nothing here is shown to the citizen.
 */
export const triageStrings = {
  newReport: (reference: string, category: string) => `New report ${reference}: ${category}`,
  header: (reference: string, category: string) => `${reference} · ${category}`,
  description: 'Description',
  noDescription: '(no description)',
  location: 'Location',
  map: 'Open map',
  photo: 'Photo',
  photoAlt: 'Photo attached to the report',
  language: 'Language',
  submitted: 'Submitted',
  contact: 'Contact (the reporter agreed to be contacted)',
  status: 'Status',
  statuses: {
    open: 'New',
    acknowledged: 'Acknowledged',
    in_progress: 'In progress',
    closed: 'Resolved',
    rejected: 'Rejected',
  },
  buttons: {
    ack: 'Acknowledge',
    in_progress: 'In progress',
    resolved: 'Resolved',
    reject: 'Reject',
    ask: 'Ask the reporter',
    reply: 'Reply',
  },
  history: {
    ack: 'Acknowledged',
    in_progress: 'Marked in progress',
    resolved: 'Resolved',
    reject: 'Rejected',
    ask: 'Asked the reporter',
    reply: 'Replied',
    answer: 'The reporter answered',
  },
  by: 'by',
  at: 'at',
  modal: {
    reject: { title: 'Reject report', label: 'Reason (sent to the reporter)', submit: 'Reject' },
    ask: { title: 'Ask the reporter', label: 'Question (sent to the reporter)', submit: 'Send' },
    reply: { title: 'Reply', label: 'Message (sent to the reporter)', submit: 'Send' },
    cancel: 'Cancel',
  },
  required: 'Please write something first.',
  notAllowed: 'Only members of this agency’s triage channel can act on its cases.',
  busy: 'Someone else is updating this case; try again in a few seconds.',
  unknownCase: 'This case is not known to WeGov any more.',
  answerInThread: (reference: string) => `The reporter of ${reference} answered:`,
  deadLetter: (reference: string, reason: string, jobId: string) =>
    `:warning: A report${reference ? ` (${reference})` : ''} could not be delivered: ${reason}\nAn operator can send it again with \`wegov outbox:replay ${jobId}\`.`,
} as const;

export type TriageStrings = typeof triageStrings;
