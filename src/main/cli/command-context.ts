import { BlockWriter } from './block-writer'

/** What a command needs from the process, so commands can run inside tests too. */
export interface CommandContext {
  stdout: (line: string) => void
  /** Writes text as it is, no line end added (an answer printed as it streams); absent, output goes by whole lines. */
  write?: (text: string) => void
  stderr: (line: string) => void
  /** Resolves when the user asks the command to stop (Ctrl+C). */
  untilInterrupted: () => Promise<void>
  /**
   * Whether stdout is full (its reader is not keeping up, e.g. `| less` paused) and a callback for
   * when it drains, so a command can stop reading its input meanwhile; absent, stdout is never full.
   */
  stdoutBackpressure?: { full: () => boolean; onDrain: (listener: () => void) => void }
  /** All of standard input (for `-d @-`); the process's own when absent. */
  readStdin?: () => Promise<Buffer>
}

/** Reads this process's standard input to its end. */
export async function readProcessStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/**
 * A reader that goes away (`tail … | head -3`) ends the output, not the program with a stack
 * trace: exit quietly with 0, as the command got as far as anyone was reading. Other write
 * errors (a full disk) are said in one line, and exit 1.
 */
export function exitWhenStdoutCloses(
  stdout: NodeJS.WriteStream = process.stdout,
  exit: (code: number) => void = (code) => process.exit(code)
): void {
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return exit(0)
    process.stderr.write(`Could not write the output: ${err.message}\n`)
    exit(1)
  })
}

export function processContext(): CommandContext {
  exitWhenStdoutCloses()
  const out = new BlockWriter(process.stdout)
  return {
    stdout: (line) => out.write(`${line}\n`),
    write: (text) => out.write(text),
    stdoutBackpressure: { full: () => out.full, onDrain: (listener) => out.onDrain(listener) },
    stderr: (line) => {
      // What went to stdout before this line goes out first, as it would unbuffered on one terminal.
      out.flush()
      process.stderr.write(`${line}\n`)
    },
    readStdin: readProcessStdin,
    untilInterrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      })
  }
}
