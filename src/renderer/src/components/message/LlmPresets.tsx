import { useState } from 'react'
import { DEFAULT_COMPATIBLE_BASE, LLM_PRESETS, presetDraft, type PresetRequest } from './llm-presets'

/** One click to the streaming request an LLM provider documents; the key is for the user to paste. */
export function LlmPresets({ onApply }: { onApply: (preset: PresetRequest) => void }): React.JSX.Element {
  const [base, setBase] = useState(DEFAULT_COMPATIBLE_BASE)
  const [hint, setHint] = useState<string | null>(null)
  return (
    <div className="llm-presets" data-testid="llm-presets">
      <h3>LLM presets</h3>
      <div className="endpoint-list">
        {LLM_PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className="small"
            title={`${presetDraft(preset.id, base).method} ${presetDraft(preset.id, base).url}`}
            onClick={() => {
              onApply(presetDraft(preset.id, base))
              setHint(preset.keyHint)
            }}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <label className="preset-base">
        <span className="meta">OpenAI-compatible base URL</span>
        <input aria-label="OpenAI-compatible base URL" spellCheck={false} value={base} onChange={(e) => setBase(e.target.value)} />
      </label>
      {hint && <p className="hint">{hint}</p>}
    </div>
  )
}
