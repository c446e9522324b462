// The last step of `npm run package`: ncc -m minifies the entry (index.js) but writes its lazily loaded chunks
// (NNN.index.js, the AWS SDK clients among them) as they are, comments and whitespace included. Each chunk is
// minified here the way ncc minifies the entry (terser, no compression, class and function names kept), so a run
// parses about half the bytes when it loads one.
//   tsx scripts/minify-chunks.ts dist dist/cli
import * as fs from 'node:fs'
import * as path from 'node:path'
import { minify } from 'terser'

const CHUNK = /^\d+\.index\.js$/

async function minifyChunks(dir: string): Promise<{ files: number; before: number; after: number }> {
  let before = 0
  let after = 0
  const chunks = fs.readdirSync(dir).filter(name => CHUNK.test(name))
  for (const name of chunks) {
    const file = path.join(dir, name)
    const source = fs.readFileSync(file, 'utf8')
    const result = await minify(source, {
      module: true,
      compress: false,
      mangle: { keep_classnames: true, keep_fnames: true }
    })
    if (result.code === undefined) throw new Error(`terser returned nothing for ${file}`)
    fs.writeFileSync(file, result.code)
    before += Buffer.byteLength(source)
    after += Buffer.byteLength(result.code)
  }
  return { files: chunks.length, before, after }
}

const dirs = process.argv.slice(2)
if (dirs.length === 0) {
  console.error('usage: tsx scripts/minify-chunks.ts <dist folder>...')
  process.exit(2)
}
for (const dir of dirs) {
  const { files, before, after } = await minifyChunks(dir)
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`
  console.log(`${dir}: ${files} chunks minified, ${mb(before)} → ${mb(after)}`)
}
