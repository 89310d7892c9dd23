import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { LlmChoice, LlmDialect, LlmSnapshot, LlmSpan, LlmToolCall } from '../../../../shared/llm'
import { useAppStore } from '../../store/app-store'
import { isLlmResponse, llmResponse, useLlmStore, type LlmResponse } from '../../store/llm-streams'
import { JsonTree } from '../JsonTree'
import { AnswerText } from './AnswerText'
import { rangesOfFrame, spansOf } from './answer-text'
import { TimingPanel } from './TimingPanel'
import './message.css'
import { TabStrip } from '../TabStrip'

const DIALECT_NAMES: Record<LlmDialect, string> = {
  'openai-chat': 'OpenAI Chat Completions',
  'openai-responses': 'OpenAI Responses',
  anthropic: 'Anthropic Messages',
  gemini: 'Gemini',
  'ai-sdk': 'AI SDK UI stream',
  custom: 'Custom rule'
}

/** Selects the frame an assembler index points at: the table, the timeline and the detail pane follow. */
function pick(response: LlmResponse, index: number): void {
  const seq = response.seqOf(index)
  if (seq !== undefined) useAppStore.setState({ selectedSeq: seq })
}

/** Whether the active connection's latest response is an LLM answer, for the layout (re-renders only when that flips). */
export function useHasMessage(): boolean {
  return useMessageConnection() !== null
}

function useMessageConnection(): string | null {
  const activeId = useAppStore((s) => s.activeId)
  return useLlmStore(() => (isLlmResponse(llmResponse(activeId)) ? activeId : null))
}

/**
 * The answer the active connection is streaming, assembled live beside the events: text,
 * reasoning, tool calls, finish reason, usage, in-band errors, where the stream stopped fitting,
 * and its token timing. Clicking any of it selects the event that carried it.
 */
export function MessagePane(): React.JSX.Element | null {
  const connectionId = useMessageConnection()
  const { version, stallMs } = useLlmStore(
    useShallow((s) => ({ version: connectionId === null ? 0 : (s.versions[connectionId] ?? 0), stallMs: s.stallMs }))
  )
  const { selectedSeq, state } = useAppStore(
    useShallow((s) => ({
      selectedSeq: s.selectedSeq,
      state: connectionId === null ? undefined : s.connections[connectionId]?.state
    }))
  )
  const response = llmResponse(connectionId)
  // The version says when the assembler changed; reading it inside keeps the memo honest.
  const snapshot = useMemo(() => (version >= 0 ? response?.snapshot() : undefined), [response, version])
  const timing = useMemo(() => (version >= 0 ? response?.timing(stallMs) : undefined), [response, version, stallMs])
  const [tab, setTab] = useState<'message' | 'timing'>('message')
  const [folded, setFolded] = useState(false)
  // Follows the end of a streaming answer while the reader is at the end, as a chat does;
  // scrolling up to read stops it until they come back down.
  const body = useRef<HTMLDivElement>(null)
  const atEnd = useRef(true)
  useLayoutEffect(() => {
    const el = body.current
    if (el && atEnd.current && tab === 'message') el.scrollTop = el.scrollHeight
  }, [version, tab])
  if (!response || !snapshot || !timing) return null
  const selectedIndex = selectedSeq === null ? -1 : response.indexOfSeq(selectedSeq)
  const status = snapshot.completed
    ? { label: 'Completed', className: 'completed' }
    : state === 'closed'
      ? { label: 'Ended before the answer completed', className: 'incomplete' }
      : { label: 'Streaming…', className: 'streaming' }

  return (
    <section className={folded ? 'message-pane collapsed' : 'message-pane'} aria-label="Message" data-testid="message-pane">
      <header className="message-head">
        <div className="message-title">
          <span className="message-name">Message</span>
          <span className="badge" title={snapshot.dialectForced ? 'Dialect set by you' : 'Dialect detected from the events'}>
            {snapshot.dialect ? DIALECT_NAMES[snapshot.dialect] : 'unknown'}
          </span>
          {snapshot.model && (
            <span className="meta message-model" title={`Model: ${snapshot.model}`}>
              {snapshot.model}
            </span>
          )}
          <span className={`pill ${status.className}`} data-testid="message-status">
            {status.label}
          </span>
          <button
            type="button"
            className="small ghost message-fold"
            aria-expanded={!folded}
            title={folded ? 'Show the answer' : 'Fold the answer to its header, to give the events more room'}
            onClick={() => setFolded(!folded)}
          >
            {folded ? 'Show' : 'Fold'}
          </button>
        </div>
        <TabStrip
          tabs={[
            ['message', 'Answer'],
            ['timing', `Timing${timing.stalls.length ? ` · ${timing.stalls.length} stall${timing.stalls.length === 1 ? '' : 's'}` : ''}`]
          ]}
          selected={tab}
          onSelect={setTab}
        >
          <span className="message-ttft meta" title="Time to first token · characters per second">
            TTFT {timing.ttftMs === null ? '—' : `${Math.round(timing.ttftMs).toLocaleString('en-US')} ms`}
            {timing.charsPerSecond !== null && ` · ${Math.round(timing.charsPerSecond).toLocaleString('en-US')} chars/s`}
          </span>
        </TabStrip>
      </header>
      <div
        className="message-body"
        role="tabpanel"
        ref={body}
        onScroll={(e) => {
          const el = e.currentTarget
          atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24
        }}
      >
        {tab === 'timing' ? (
          <TimingPanel
            timing={timing}
            frames={response.timed}
            contentFrames={snapshot.contentFrames}
            stallMs={stallMs}
            onPick={(index) => pick(response, index)}
            endpointKey={response.endpointKey}
            currentRunId={response.runId}
          />
        ) : (
          <Answer snapshot={snapshot} response={response} selectedIndex={selectedIndex} ended={snapshot.completed || state === 'closed'} />
        )}
      </div>
    </section>
  )
}

function Answer({
  snapshot,
  response,
  selectedIndex,
  ended
}: {
  snapshot: LlmSnapshot
  response: LlmResponse
  selectedIndex: number
  /** The answer will grow no more (its end marker came, or the connection closed). */
  ended: boolean
}): React.JSX.Element {
  const several = snapshot.choices.length > 1
  return (
    <>
      {snapshot.errors.map((error, i) => (
        <div key={`e${i}`} className="message-error" role="alert" data-testid="message-error">
          <strong>The stream reported an error{error.code ? ` (${error.code})` : ''}:</strong> {error.message}{' '}
          <button type="button" className="link" onClick={() => pick(response, error.frame)}>
            Show the event
          </button>
        </div>
      ))}
      {snapshot.choices.length === 0 && snapshot.errors.length === 0 && (
        <p className="hint">No text yet: waiting for the first content chunk.</p>
      )}
      {snapshot.choices.map((choice) => (
        <ChoiceView
          key={choice.index}
          choice={choice}
          label={several ? `Choice ${choice.index}` : null}
          response={response}
          selectedIndex={selectedIndex}
          ended={ended}
        />
      ))}
      {snapshot.misfits.length > 0 && (
        <div className="message-misfits" data-testid="message-misfits">
          <h4>Where the stream stopped fitting</h4>
          <ul>
            {snapshot.misfits.slice(0, 50).map((misfit, i) => (
              <li key={i}>
                <button type="button" className="link" onClick={() => pick(response, misfit.frame)}>
                  Event #{(response.seqOf(misfit.frame) ?? misfit.frame).toLocaleString('en-US')}
                </button>{' '}
                {misfit.reason}
              </li>
            ))}
            {snapshot.misfits.length > 50 && <li className="meta">and {snapshot.misfits.length - 50} more</li>}
          </ul>
        </div>
      )}
      {snapshot.usage && <Usage usage={snapshot.usage} />}
    </>
  )
}

function ChoiceView({
  choice,
  label,
  response,
  selectedIndex,
  ended
}: {
  choice: LlmChoice
  label: string | null
  response: LlmResponse
  selectedIndex: number
  ended: boolean
}): React.JSX.Element {
  const textSpans = useMemo(() => spansOf(choice.spans, 'text'), [choice.spans])
  const reasoningSpans = useMemo(() => spansOf(choice.spans, 'reasoning'), [choice.spans])
  const textMarks = useMemo(() => (selectedIndex < 0 ? [] : rangesOfFrame(textSpans, selectedIndex)), [textSpans, selectedIndex])
  const reasoningMarks = useMemo(
    () => (selectedIndex < 0 ? [] : rangesOfFrame(reasoningSpans, selectedIndex)),
    [reasoningSpans, selectedIndex]
  )
  const onPick = (span: LlmSpan): void => pick(response, span.frame)
  return (
    <article className="choice" data-testid="message-choice" data-choice={choice.index}>
      {label && <h4 className="choice-label">{label}</h4>}
      {choice.reasoning !== '' && (
        <details className="reasoning" open>
          <summary>
            Reasoning <span className="meta">{choice.reasoning.length.toLocaleString('en-US')} chars</span>
          </summary>
          <AnswerText
            text={choice.reasoning}
            spans={reasoningSpans}
            highlight={reasoningMarks}
            onPick={onPick}
            testId="message-reasoning"
          />
        </details>
      )}
      {choice.text !== '' && (
        <AnswerText text={choice.text} spans={textSpans} highlight={textMarks} onPick={onPick} testId="message-text" />
      )}
      {choice.toolCalls.map((call) => (
        <ToolCallView key={`${call.index}:${call.id ?? ''}`} call={call} response={response} finished={choice.finishReason !== null} />
      ))}
      <p className="finish" data-testid="message-finish">
        <span className="meta">finish reason</span>{' '}
        {choice.finishReason !== null ? (
          <code>{choice.finishReason}</code>
        ) : (
          // Once the answer is over, "not yet" would promise a reason that is never coming.
          <span className="meta">{ended ? 'none sent' : 'not yet'}</span>
        )}
      </p>
    </article>
  )
}

function ToolCallView({ call, response, finished }: { call: LlmToolCall; response: LlmResponse; finished: boolean }): React.JSX.Element {
  const parsed = useMemo<unknown>(
    () => (call.argumentsValid ? JSON.parse(call.arguments) : undefined),
    [call.arguments, call.argumentsValid]
  )
  const brokeAt = /position (\d+)/.exec(call.argumentsError ?? '')
  const at = brokeAt ? Math.min(call.arguments.length, Number(brokeAt[1])) : null
  return (
    <section className="tool-call" data-testid="tool-call">
      <header>
        <span className="tool-icon" aria-hidden="true">
          ƒ
        </span>
        <code className="tool-name">{call.name ?? '(no name)'}</code>
        {call.id && <span className="meta">{call.id}</span>}
        <span className="spacer" />
        {call.frames[0] !== undefined && (
          <button type="button" className="link" onClick={() => pick(response, call.frames[0] as number)}>
            {call.frames.length} event{call.frames.length === 1 ? '' : 's'}
          </button>
        )}
      </header>
      {call.argumentsValid ? (
        <JsonTree value={parsed} />
      ) : !finished ? (
        <>
          <p className="hint">Arguments streaming…</p>
          <pre className="text-view tool-args">{call.arguments.slice(0, 4096)}</pre>
        </>
      ) : (
        <>
          <p className="hint warn" data-testid="tool-call-invalid">
            Arguments are not valid JSON: {call.argumentsError ?? 'no arguments arrived'}
          </p>
          <pre className="text-view tool-args">
            {at === null ? (
              call.arguments.slice(0, 4096)
            ) : (
              <>
                {call.arguments.slice(Math.max(0, at - 2000), at)}
                <mark className="broke-here" title="JSON.parse gave up here">
                  {call.arguments.slice(at, at + 1) || '␄'}
                </mark>
                {call.arguments.slice(at + 1, at + 2000)}
              </>
            )}
          </pre>
        </>
      )}
    </section>
  )
}

function Usage({ usage }: { usage: Record<string, unknown> }): React.JSX.Element {
  const entries = Object.entries(usage)
  return (
    <section className="usage" data-testid="message-usage">
      <h4>Usage, as reported</h4>
      <dl>
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
