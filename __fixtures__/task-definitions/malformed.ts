// Broken task definition files. Kept as strings (written to a temp dir by the tests) so that formatting
// the repository cannot "fix" them.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

export const MALFORMED: Record<string, string> = {
  // A trailing comma after the last container: line 8, column 3 is the ']'.
  'trailing-comma.json': [
    '{',
    '  "family": "catalog",',
    '  "containerDefinitions": [',
    '    {',
    '      "name": "catalog",',
    '      "image": "catalog:1"',
    '    },',
    '  ]',
    '}',
    ''
  ].join('\n'),
  // A missing comma after "awsvpc": line 4, column 3 is the next property's quote.
  'missing-comma.json': [
    '{',
    '  "family": "catalog",',
    '  "networkMode": "awsvpc"',
    '  "cpu": "256"',
    '}',
    ''
  ].join('\n'),
  // A quote opened on line 4 and never closed.
  'unclosed-quote.yaml': [
    'family: catalog',
    'containerDefinitions:',
    '  - name: catalog',
    '    image: "catalog:1',
    '    essential: true',
    ''
  ].join('\n')
}

/** Writes one broken file under a fresh temp dir with its realistic name and returns its path. */
export function writeMalformed(name: keyof typeof MALFORMED & string): string {
  const text = MALFORMED[name]
  if (text === undefined) throw new Error(`no malformed fixture ${name}`)
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'malformed-')), name)
  fs.writeFileSync(file, text)
  return file
}
