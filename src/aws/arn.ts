/** The last part of an ARN: "web:8" from ".../task-definition/web:8", the task id from ".../task/cluster/1a2b". */
export function shortArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}
