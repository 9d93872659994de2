// Errors with codes. Routes turn them into GOV.UK pages; nothing else decides a status code.

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
    this.name = new.target.name;
  }
}

/** Used both for "does not exist" and "exists but you may not see it", so the two look the same. */
export class NotFoundError extends AppError {
  constructor(what = 'Page') {
    super('not_found', `${what} not found`, 404);
  }
}

export type FieldErrors = Record<string, string>;

/** Bad input on a form: field → message, in the order the fields appear on the page. */
export class ValidationError extends AppError {
  readonly fields: FieldErrors;
  constructor(fields: FieldErrors, message = 'There is a problem') {
    super('validation', message, 400);
    this.fields = fields;
  }
}

/** A request that is understood but cannot be done in the current state (e.g. allocating a closed case). */
export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message, 409);
  }
}
