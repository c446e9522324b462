/** An error in AWS's JSON shape: `{"__type": name, "message": ...}` with an HTTP status. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
    this.name = type
  }
}
