// The step's outputs, set as soon as each is known, so a failed run still tells what it got to.
import { Outputs } from '../settings.js'

export type OutputName = (typeof Outputs)[keyof typeof Outputs]

export class OutputRecorder {
  readonly values: Partial<Record<OutputName, string>> = {}
  constructor(private readonly sink: (name: string, value: string) => void) {}

  set(name: OutputName, value: string | number | undefined): void {
    if (value === undefined || value === '') return
    this.values[name] = String(value)
    this.sink(name, String(value))
  }
}
