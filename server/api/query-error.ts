/** A read-API error with the HTTP status it answers with; messages start with "query: ". */
export class QueryError extends Error {
  constructor(readonly status: number, message: string) {
    super(`query: ${message}`);
  }
}
