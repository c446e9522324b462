import { describe, expect, it } from '@jest/globals'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { bundleFiles, minifyChunk, parenthesizeFactories } from '../../scripts/lib/bundle.js'
import { distEntry } from '../../scripts/lib/paths.js'

// The shapes ncc writes: the entry's module table, and a chunk's.
const entry =
  'import{createRequire as t}from"module";' +
  'var n={5152:(e,t,r)=>{t.answer=r(77).base+1},77:function(e){e.exports={base:41}}};' +
  'var c={};function r(e){var t=c[e];if(t!==undefined)return t.exports;var o=c[e]={exports:{}};n[e](o,o.exports,r);return o.exports}' +
  'export{r as req,n as table};'
const chunk = 'export const id=212;export const ids=[212];export const modules={212:(e,t,n)=>{t.name="ecs"}};'

/** The entry's module 5152, required through the entry's own require, evaluated from source. */
function answerOf(source: string): unknown {
  const body = source
    .replace('import{createRequire as t}from"module";', '')
    .replace(/export\{.*\};$/, 'return r(5152).answer')
  return new Function(body)()
}

describe('parenthesizeFactories', () => {
  it('puts each factory of the entry and of a chunk in parentheses, and counts them', () => {
    const finishedEntry = parenthesizeFactories(entry)
    expect(finishedEntry.factories).toBe(2)
    expect(finishedEntry.code).toContain(
      'var n={5152:((e,t,r)=>{t.answer=r(77).base+1}),77:(function(e){e.exports={base:41}})};'
    )
    const finishedChunk = parenthesizeFactories(chunk)
    expect(finishedChunk).toEqual({
      code: 'export const id=212;export const ids=[212];export const modules={212:((e,t,n)=>{t.name="ecs"})};',
      factories: 1
    })
  })

  it('leaves what the code does as it was', () => {
    expect(answerOf(entry)).toBe(42)
    expect(answerOf(parenthesizeFactories(entry).code)).toBe(42)
  })

  it('changes nothing the second time', () => {
    const once = parenthesizeFactories(entry).code
    expect(parenthesizeFactories(once)).toEqual({ code: once, factories: 0 })
  })

  it('leaves alone objects that are not module tables, and tables inside functions', () => {
    const others = [
      'var a={};',
      'var b={name:()=>1};',
      'var c={1:()=>1,2:3};',
      'var d={[1]:()=>1};',
      'var e={"1":()=>1};',
      'function f(){var g={1:()=>1};return g}'
    ].join('')
    expect(parenthesizeFactories(others)).toEqual({ code: others, factories: 0 })
  })
})

describe('minifyChunk', () => {
  it('minifies as ncc minifies the entry: names of classes and functions kept', async () => {
    const source =
      'export const modules = {\n  1: (module) => {\n    // a comment\n    class EcsClient {}\n    function describeServices() {}\n    module.exports = { EcsClient, describeServices }\n  }\n}\n'
    const code = await minifyChunk(source, '1.index.js')
    expect(code).not.toContain('a comment')
    expect(code.length).toBeLessThan(source.length)
    expect(code).toContain('class EcsClient')
    expect(code).toContain('function describeServices')
  })
})

describe('the committed dist/', () => {
  it('has every module factory of every file in parentheses, the action and the CLI (npm run package finished them)', () => {
    const dist = path.dirname(distEntry)
    const files = [
      ...bundleFiles(dist).map(name => path.join(dist, name)),
      ...bundleFiles(path.join(dist, 'cli')).map(name => path.join(dist, 'cli', name))
    ]
    expect(files.length).toBeGreaterThan(10)
    const unfinished = files.filter(
      file => parenthesizeFactories(fs.readFileSync(file, 'utf8')).factories > 0
    )
    expect(unfinished).toEqual([])
  })
})
