import { PassThrough, type Readable } from 'node:stream'
import zlib from 'node:zlib'
import { Decompress as ZstdDecompress } from 'fzstd'
import type { FramingNotice } from './response-framing'

/** The content codings the inspector decodes (RFC 9110 §8.4.1), in the names it reports. */
export type ContentCoding = 'gzip' | 'deflate' | 'br' | 'zstd'

export interface ContentDecodingPlan {
  /** The codings to undo, in the order they were applied (the header's order); empty for none. */
  codings: ContentCoding[]
  /** Set when the header names a coding the inspector cannot undo: the body is read as it is. */
  unknown?: string
}

/** A body that could not be decoded; the message says why, in the terms of the failure. */
export class ContentDecodingError extends Error {
  readonly code = 'ERR_CONTENT_DECODING_FAILED'
}

const ALIASES: Record<string, ContentCoding> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'br', zstd: 'zstd' }

/**
 * Reads a Content-Encoding header value (RFC 9110 §8.4: a comma-separated list, case-insensitive,
 * applied in order). `x-gzip` is gzip (RFC 9110 §8.4.1.3), `identity` is nothing. As in Chromium
 * (URLRequestHttpJob::SetUpSourceStream), a list with any coding it does not know is not decoded
 * at all; curl refuses such a response instead.
 */
export function planContentDecoding(header: string | undefined): ContentDecodingPlan {
  const names = (header ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name && name !== 'identity')
  const unknown = names.find((name) => !(name in ALIASES))
  if (unknown !== undefined) return { codings: [], unknown }
  return { codings: names.map((name) => ALIASES[name] as ContentCoding) }
}

/**
 * Undoes the plan's codings on a body, last applied first, passing decoded bytes on as soon as
 * the decompressor yields them (a live stream must not wait for the end). Tolerates what Chromium
 * (net/filter: GzipSourceStream, BrotliSourceStream, ZstdSourceStream) tolerates, with a notice:
 * `deflate` without its zlib wrapper (raw DEFLATE), bytes after the end of a gzip stream;
 * concatenated gzip members are read in full, as curl does. The returned stream fails with a
 * ContentDecodingError saying what was wrong: not that coding at all, corrupt, or cut short.
 */
export function decodeContent(body: Readable, plan: ContentDecodingPlan, onNotice: (notice: FramingNotice) => void): Readable {
  let out = body
  for (const coding of [...plan.codings].reverse()) out = decodeOne(out, coding, onNotice)
  return out
}

interface Decompressor {
  write: (chunk: Buffer) => void
  end: () => void
}

function decodeOne(source: Readable, coding: ContentCoding, onNotice: (notice: FramingNotice) => void): Readable {
  const out = new PassThrough()
  let produced = 0
  let first: Buffer | null = null
  let decompressor: Decompressor | null = null
  let failed = false
  const onData = (data: Buffer): void => {
    produced += data.length
    out.write(data)
  }
  const onError = (err: Error & { code?: unknown }): void => {
    if (failed) return
    // fzstd's codes are numbers, zlib's are names; only names help a reader.
    const code = typeof err.code === 'string' ? err.code : undefined
    failed = true
    source.unpipe?.()
    const preview = first ? describeStart(first) : 'nothing'
    const cause =
      code === 'Z_BUF_ERROR' || /unexpected EOF|unexpected end/i.test(err.message)
        ? `the ${coding} data ended before the compressed stream was complete: the body was cut short (${code ? `${code}: ` : ''}${err.message})`
        : produced === 0
          ? `the body is not ${coding} data, although Content-Encoding says it is (it starts with ${preview}; ${code ? `${code}: ` : ''}${err.message}). Fix the Content-Encoding header or the compression on the server`
          : `the ${coding} data is corrupt after ${produced} decoded bytes (${code ? `${code}: ` : ''}${err.message}). Something between the compressor and the network changed it`
    out.destroy(new ContentDecodingError(`The response body could not be decoded: ${cause}.`))
  }
  const start = (chunk: Buffer): Decompressor => {
    first = chunk
    if (coding === 'zstd') {
      return zstd(onData, onError, () => {
        if (!failed) out.end()
      })
    }
    if (coding === 'gzip') {
      return gzipMembers(onData, onError, onNotice, () => {
        if (!failed) out.end()
      })
    }
    const stream = coding === 'br' ? zlib.createBrotliDecompress() : hasZlibHeader(chunk) ? zlib.createInflate() : rawDeflate(onNotice)
    stream.on('data', onData)
    stream.once('end', () => {
      if (!failed) out.end()
    })
    stream.once('error', onError)
    return { write: (c) => void stream.write(c), end: () => stream.end() }
  }
  // deflate is told apart from raw DEFLATE by its first two bytes, which may come one at a time.
  let head: Buffer | null = null
  source.on('data', (chunk: Buffer) => {
    if (failed) return
    if (!decompressor && coding === 'deflate') {
      head = head ? Buffer.concat([head, chunk]) : chunk
      if (head.length < 2) return
      chunk = head
    }
    decompressor ??= start(chunk)
    decompressor.write(chunk)
  })
  source.once('end', () => {
    if (failed) return
    if (!decompressor && head) {
      decompressor = start(head)
      decompressor.write(head)
    }
    if (decompressor) decompressor.end()
    else out.end()
  })
  source.once('error', (err) => out.destroy(err))
  return out
}

/**
 * gzip (RFC 1952), member by member: each member's header is read here and its DEFLATE data
 * inflated raw, so the end of a member is known exactly. Another member after it is read too
 * (Node's gunzip and curl do); anything else after it is ignored with a notice, as Chromium's
 * GzipSourceStream ignores extra bytes. Node's own gunzip would instead fail the whole final
 * read, losing its last events, when trailing bytes arrive in the same packet as the end.
 * The trailer's CRC is not checked, as in Chromium.
 */
function gzipMembers(
  onData: (data: Buffer) => void,
  onError: (err: Error & { code?: string }) => void,
  onNotice: (notice: FramingNotice) => void,
  onEnd: () => void
): Decompressor {
  let state: 'header' | 'inflate' | 'trailer' | 'ignore' = 'header'
  let members = 0
  let buffered: Buffer = Buffer.alloc(0)
  let inflater: zlib.InflateRaw | null = null
  // Bytes given to the inflater that it may not have consumed yet (it ignores what follows its end).
  let unconsumed: Buffer[] = []
  let unconsumedStart = 0
  let sourceEnded = false
  let done = false
  const finish = (): void => {
    if (done) return
    done = true
    onEnd()
  }
  const fail = (message: string, code: string): void => {
    if (done) return
    done = true
    onError(Object.assign(new Error(message), { code }))
  }
  const trailing = (): void => {
    state = 'ignore'
    onNotice({
      code: 'content-encoding-trailing-data',
      message:
        'The gzip-compressed body has extra bytes after the end of its compressed data; they were ignored, as browsers ignore them. Something appends data after the server compresses.'
    })
  }
  const feed = (input: Buffer): void => {
    if (done) return
    if (state === 'inflate' && inflater) {
      unconsumed.push(input)
      const writer = inflater
      writer.write(input, () => {
        // Everything written so far was consumed: nothing to hand to the next member.
        if (writer === inflater && state === 'inflate' && writer.bytesWritten === unconsumedStart + total(unconsumed)) {
          unconsumedStart = writer.bytesWritten
          unconsumed = []
        }
      })
      return
    }
    buffered = buffered.length > 0 ? Buffer.concat([buffered, input]) : input
    if (state === 'trailer') {
      if (buffered.length < 8) return
      buffered = buffered.subarray(8)
      members += 1
      state = 'header'
    }
    if (state === 'header') {
      if (buffered.length === 0) return
      if (buffered.every((byte) => byte === 0)) return // zero padding, which Node's gunzip allows too
      const length = gzipHeaderLength(buffered)
      if (length === -1) {
        if (members === 0) fail('incorrect header check: this is not a gzip stream', 'Z_DATA_ERROR')
        else {
          trailing()
          buffered = Buffer.alloc(0)
        }
        return
      }
      if (length === null) return
      const rest = buffered.subarray(length)
      buffered = Buffer.alloc(0)
      startMember()
      if (rest.length > 0) feed(rest)
      return
    }
    // 'ignore': everything after a complete stream that is not another member.
    buffered = Buffer.alloc(0)
  }
  const startMember = (): void => {
    state = 'inflate'
    unconsumed = []
    unconsumedStart = 0
    const member = zlib.createInflateRaw()
    inflater = member
    member.on('data', onData)
    member.once('error', (err) => fail(err.message, (err as { code?: string }).code ?? 'Z_DATA_ERROR'))
    member.once('end', () => {
      if (inflater !== member) return
      inflater = null
      const all = Buffer.concat(unconsumed)
      const rest = all.subarray(member.bytesWritten - unconsumedStart)
      state = 'trailer'
      buffered = Buffer.alloc(0)
      if (rest.length > 0) feed(rest)
      if (sourceEnded) end()
    })
  }
  const end = (): void => {
    sourceEnded = true
    if (done) return
    if (state === 'inflate' && inflater) {
      inflater.end()
      // An inflater that ends without its final block ends with an error (Z_BUF_ERROR) instead.
      return
    }
    if (state === 'header' && members === 0 && buffered.length > 0) {
      fail('unexpected end of file: the gzip header is incomplete', 'Z_BUF_ERROR')
      return
    }
    if (state === 'header' && buffered.length > 0 && !buffered.every((byte) => byte === 0)) trailing()
    finish()
  }
  return { write: feed, end }
}

function total(chunks: Buffer[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.length, 0)
}

/** The length of a gzip member header (RFC 1952 §2.3), null while incomplete, -1 when it is not one. */
function gzipHeaderLength(buf: Buffer): number | null {
  if (buf[0] !== 0x1f || (buf.length > 1 && buf[1] !== 0x8b) || (buf.length > 2 && buf[2] !== 8)) return -1
  if (buf.length < 10) return null
  const flags = buf[3] as number
  let at = 10
  if (flags & 0x04) {
    if (buf.length < at + 2) return null
    at += 2 + buf.readUInt16LE(at)
  }
  for (const flag of [0x08, 0x10]) {
    if (flags & flag) {
      const zero = buf.indexOf(0, at)
      if (zero < 0) return null
      at = zero + 1
    }
  }
  if (flags & 0x02) at += 2
  return at <= buf.length ? at : null
}

function rawDeflate(onNotice: (notice: FramingNotice) => void): zlib.InflateRaw {
  onNotice({
    code: 'deflate-without-zlib-header',
    message:
      'Content-Encoding says deflate, but the body is raw DEFLATE without the zlib wrapper RFC 9110 §8.4.1.2 requires. Browsers accept both and so does the inspector; curl and many clients do not. Compress with zlib (deflate()), not deflateRaw().'
  })
  return zlib.createInflateRaw()
}

/** A zlib stream header (RFC 1950 §2.2): method 8, window at most 32 KiB, and the check bits. */
function hasZlibHeader(chunk: Buffer): boolean {
  if (chunk.length < 2) return true
  const cmf = chunk[0] as number
  const flg = chunk[1] as number
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0
}

/**
 * zstd (RFC 8878): Node's own decoder where it has one (Node 22.15 and later, so Electron),
 * else fzstd, a pure JavaScript streaming decoder, because Node 20's zlib has none.
 */
function zstd(onData: (data: Buffer) => void, onError: (err: Error & { code?: string }) => void, onEnd: () => void): Decompressor {
  const native = (zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream }).createZstdDecompress
  if (native) {
    const stream = native()
    stream.on('data', onData)
    stream.once('end', onEnd)
    stream.once('error', onError)
    return { write: (c) => void stream.write(c), end: () => void stream.end() }
  }
  let ended = false
  const decoder = new ZstdDecompress((data) => onData(Buffer.from(data.buffer, data.byteOffset, data.byteLength)))
  const guard = (fn: () => void): void => {
    try {
      fn()
    } catch (err) {
      onError(err instanceof Error ? err : new Error(String(err)))
    }
  }
  return {
    write: (c) => {
      guard(() => {
        decoder.push(c)
      })
    },
    end: () => {
      if (ended) return
      ended = true
      guard(() => {
        decoder.push(new Uint8Array(0), true)
        onEnd()
      })
    }
  }
}

/** The first bytes of a body, quoted, so the user can tell what it really is. */
function describeStart(chunk: Buffer): string {
  const head = chunk.subarray(0, 16)
  const printable = head.every((byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f))
  return printable ? JSON.stringify(head.toString('latin1')) : `bytes ${head.toString('hex').replace(/(..)/g, '$1 ').trim()}`
}
