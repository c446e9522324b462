/** The last part of an ARN: "web:8" from ".../task-definition/web:8", the task id from ".../task/cluster/1a2b". */
export function shortArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1)
}

/** "web-tg" from "arn:aws:elasticloadbalancing:...:targetgroup/web-tg/73e2d6bc24d8a067"; anything else as it is. */
export function targetGroupName(arn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn
}
