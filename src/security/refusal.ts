/** Why an upgrade is refused: an HTTP status, and a reason the client reads in the body. */
export interface Refusal {
  status: number;
  reason: string;
  headers?: Record<string, string>;
}
