/** A refusal of the display routes with the HTTP status it answers with; messages start with "displays: ". */
export class DisplayError extends Error {
  constructor(readonly status: number, message: string) {
    super(`displays: ${message}`);
  }
}
