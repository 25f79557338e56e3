/** A refusal of the notification routes with the HTTP status it answers with; messages start with "notify: ". */
export class NotifyError extends Error {
  constructor(readonly status: number, message: string) {
    super(`notify: ${message}`);
  }
}
