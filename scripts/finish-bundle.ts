// The last step of `npm run package`, on each folder ncc wrote: its chunks minified, and the module factories of
// every file (entry and chunks) put in parentheses so V8 compiles them with their file (scripts/lib/bundle.ts says
// why each).
//   tsx scripts/finish-bundle.ts dist dist/cli
import * as fs from 'node:fs'
import * as path from 'node:path'
import { bundleFiles, CHUNK, minifyChunk, parenthesizeFactories } from './lib/bundle.js'

interface Finished {
  chunks: number
  before: number
  after: number
  files: number
  factories: number
}

async function finishBundle(dir: string): Promise<Finished> {
  const finished: Finished = { chunks: 0, before: 0, after: 0, files: 0, factories: 0 }
  for (const name of bundleFiles(dir)) {
    const file = path.join(dir, name)
    let code = fs.readFileSync(file, 'utf8')
    if (CHUNK.test(name)) {
      finished.chunks++
      finished.before += Buffer.byteLength(code)
      code = await minifyChunk(code, file)
      finished.after += Buffer.byteLength(code)
    }
    const parenthesized = parenthesizeFactories(code)
    finished.files++
    finished.factories += parenthesized.factories
    fs.writeFileSync(file, parenthesized.code)
  }
  return finished
}

const dirs = process.argv.slice(2)
if (dirs.length === 0) {
  console.error('usage: tsx scripts/finish-bundle.ts <dist folder>...')
  process.exit(2)
}
for (const dir of dirs) {
  const { chunks, before, after, files, factories } = await finishBundle(dir)
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`
  console.log(
    `${dir}: ${chunks} chunks minified, ${mb(before)} → ${mb(after)}; ` +
      `${factories} module factories in ${files} files compiled with their file`
  )
}
