/** Messages the server worker posts to its parent. */
export type FromWorker =
  | { type: 'listening'; url: string }
  | { type: 'error'; message: string; code: string | undefined }
  | { type: 'closed' };

/** Messages the parent posts to the server worker. */
export type ToWorker = { type: 'close' };
