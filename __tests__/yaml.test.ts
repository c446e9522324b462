import { describe, expect, it } from '@jest/globals'
import { isYamlPath, loadYamlFor, yamlParser } from '../src/yaml.js'

describe('the YAML parser is loaded only for YAML files', () => {
  it('is not loaded for JSON files, and says so if something reads YAML anyway', async () => {
    await loadYamlFor(['ecs/task-definition.json', undefined])
    expect(() => yamlParser()).toThrow('a YAML file was read before loadYamlFor loaded the YAML parser')
  })

  it('is loaded once a file is YAML, whatever the case of its extension', async () => {
    expect(['a.yml', 'b.YAML', 'c.Yml'].every(isYamlPath)).toBe(true)
    expect(['a.json', 'yml', 'a.yml.json'].some(isYamlPath)).toBe(false)
    await loadYamlFor(['task-definition.json', 'ecs/migrate.YAML'])
    expect(yamlParser().parse('family: web')).toEqual({ family: 'web' })
  })
})
