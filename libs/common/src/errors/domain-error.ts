/**
 * A failure the user can understand and act on. The code is stable (clients switch on it);
 * the message is for people (Chinese, as users see it); details carry structured context.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, message, 404, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, message, 409, details);
export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 400, details);
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) => new DomainError(code, message, 403, details);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 422, details);
