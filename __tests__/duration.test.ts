import { describe, expect, it } from '@jest/globals'
import { formatDuration } from '../src/duration.js'

describe('formatDuration: the one way the action writes how long something took', () => {
  it('keeps milliseconds under a second and a tenth, when there is one, under ten seconds', () => {
    expect(formatDuration(0)).toBe('0ms')
    expect(formatDuration(250.4)).toBe('250ms')
    expect(formatDuration(999.4)).toBe('999ms')
    expect(formatDuration(1_000)).toBe('1s')
    expect(formatDuration(6_020)).toBe('6s')
    expect(formatDuration(4_520)).toBe('4.5s')
    expect(formatDuration(9_949)).toBe('9.9s')
  })

  it('writes whole seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatDuration(9_950)).toBe('10s')
    expect(formatDuration(45_400)).toBe('45s')
    expect(formatDuration(59_499)).toBe('59s')
    expect(formatDuration(59_500)).toBe('1m00s')
    expect(formatDuration(125_000)).toBe('2m05s')
    expect(formatDuration(3_599_000)).toBe('59m59s')
    expect(formatDuration(3_720_000)).toBe('1h02m')
  })

  it('never writes a negative time (clock skew between two readings)', () => {
    expect(formatDuration(-20)).toBe('0ms')
  })
})
