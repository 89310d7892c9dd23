/**
 * The LLM-stream core: dialect detection, incremental assembly, token timing and completion
 * markers. Plain TypeScript for both the CLI and the renderer. Start with `LlmAssembler`
 * (types in `types.ts`) and `measureTiming`.
 */
export * from './types'
export { LlmAssembler, assembleEvents, DONE_SENTINEL } from './assembler'
export { CompletionTracker, describeCompletion, type CompletionMarker } from './completion'
export { detectDialect } from './detect'
export { compileJsonPath, evaluateJsonPath, JsonPathError, type JsonPathSegment } from './json-path'
export { measureTiming, DEFAULT_STALL_MS, type TimedFrame, type TimingOptions } from './timing'
export { parseDialect } from './dialect-name'
