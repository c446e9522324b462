// What `npm run package` does to ncc's output after ncc (scripts/finish-bundle.ts runs it on each dist folder):
//
// 1. Minify the chunks. ncc -m minifies the entry (index.js) but writes its lazily loaded chunks (NNN.index.js, the
//    AWS SDK clients among them) as they are. Each chunk is minified the way ncc minifies the entry: terser, no
//    compression, class and function names kept.
// 2. Have V8 compile the module factories with their file. A bundle file holds a table of module factories
//    (`{ 5152: (module, exports, require) => { ... }, ... }`). V8 compiles a function lazily: it skims it when it
//    compiles the file, then parses it again in full on its first call. A module's factory is called once, when the
//    module is first required, so for a factory the skim is wasted work, as large as the module. V8 compiles a
//    function written in parentheses together with the file around it (its heuristic for a function that is called
//    at once), so each factory is put in parentheses. What the code does is unchanged; only when V8 compiles it.
import { parse, type Expression } from 'acorn'
import * as fs from 'node:fs'
import { minify } from 'terser'

/** ncc's lazily loaded chunks: 212.index.js and the like; the entry is index.js. */
export const CHUNK = /^\d+\.index\.js$/

/** The files of a folder ncc wrote that hold code: its entry and its chunks, by name. */
export function bundleFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter(name => name === 'index.js' || CHUNK.test(name))
}

/** A chunk minified as ncc minifies the entry. */
export async function minifyChunk(source: string, file: string): Promise<string> {
  const result = await minify(source, {
    module: true,
    compress: false,
    mangle: { keep_classnames: true, keep_fnames: true }
  })
  if (result.code === undefined) throw new Error(`terser returned nothing for ${file}`)
  return result.code
}

interface Span {
  start: number
  end: number
}

/**
 * Each module factory of a bundle file put in parentheses, and how many. The module tables are the file's top-level
 * object literals whose keys are all numbers and whose values are all functions: `var n = {...}` in ncc's entry,
 * `export const modules = {...}` in a chunk. A factory already in parentheses is left as it is, so running it twice
 * changes nothing.
 */
export function parenthesizeFactories(source: string): { code: string; factories: number } {
  const program = parse(source, {
    ecmaVersion: 'latest',
    sourceType: 'module',
    allowHashBang: true,
    preserveParens: true
  })
  const factories: Span[] = []
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement
    if (declaration?.type !== 'VariableDeclaration') continue
    for (const declarator of declaration.declarations)
      if (declarator.init) factories.push(...tableFactories(declarator.init))
  }
  let code = source
  // From the end, so each edit leaves the offsets before it as they were.
  for (const { start, end } of [...factories].sort((a, b) => b.start - a.start))
    code = `${code.slice(0, start)}(${code.slice(start, end)})${code.slice(end)}`
  return { code, factories: factories.length }
}

/** The factories of a module table still to put in parentheses; none when `node` is not a module table. */
function tableFactories(node: Expression): Span[] {
  if (node.type !== 'ObjectExpression') return []
  const { properties } = node
  if (properties.length === 0) return []
  const spans: Span[] = []
  for (const property of properties) {
    if (property.type !== 'Property' || property.computed) return []
    if (property.key.type !== 'Literal' || typeof property.key.value !== 'number') return []
    const value = property.value
    if (value.type === 'ParenthesizedExpression' && isFunction(value.expression)) continue
    if (!isFunction(value)) return []
    spans.push({ start: value.start, end: value.end })
  }
  return spans
}

function isFunction(node: Expression): boolean {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression'
}
