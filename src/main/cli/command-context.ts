/** What a command needs from the process, so commands can run inside tests too. */
export interface CommandContext {
  stdout: (line: string) => void
  /** Writes text as it is, no line end added (an answer printed as it streams); absent, output goes by whole lines. */
  write?: (text: string) => void
  stderr: (line: string) => void
  /** Resolves when the user asks the command to stop (Ctrl+C). */
  untilInterrupted: () => Promise<void>
}

export function processContext(): CommandContext {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    write: (text) => process.stdout.write(text),
    stderr: (line) => process.stderr.write(`${line}\n`),
    untilInterrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      })
  }
}
