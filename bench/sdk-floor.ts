// The floor under bench:startup's figure: what the AWS SDK alone costs on the way to the first request, bundled as
// the action is (ncc, then scripts/finish-bundle.ts) and loaded as the action loads it (src/aws/clients.ts: a
// dynamic import, so a chunk of its own). One STS client, keys from the environment, GetCallerIdentity; nothing else.
// `npm run bench:startup -- --floor` builds it into a temporary folder and runs it beside the two bundles.
const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts')
const sts = new STSClient({
  region: process.env.AWS_REGION ?? 'us-east-1',
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? ''
  }
})
await sts.send(new GetCallerIdentityCommand({}))
