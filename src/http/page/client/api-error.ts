/** An answer other than success: status 0 when the daemon does not answer; `field` names the culprit. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The status of an error thrown by api(), undefined for anything else. */
export function statusOf(e: unknown): number | undefined {
  return e instanceof ApiError ? e.status : undefined;
}
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
