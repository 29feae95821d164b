export interface FieldProblem {
  field: string;
  message: string;
}

/** An error the client can act on; the central handler turns it into a JSON response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
    /** More members of the error body, e.g. the CSV import's problems (by line). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** An error worth retrying after `retryAfterSeconds`: the error handler sends them as Retry-After. */
export class RetryLaterError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(status, code, message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string, fields?: FieldProblem[]) => new HttpError(400, 'validation_failed', message, fields);
