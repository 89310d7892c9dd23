import { describe, expect, it } from 'vitest'
import { NO_COLORS, formatFrameLine } from './terminal-format'

describe('formatFrameLine', () => {
  it('keeps URL credentials out of the tail log line: user info, ?jwt= and #access_token=', () => {
    const line = formatFrameLine(
      {
        connectionId: 'tail',
        time: 0,
        kind: 'connecting',
        url: 'https://me:pass-0001@api.example/s?jwt=jwt-0002&model=m#access_token=frag-0003',
        method: 'GET',
        attempt: 0
      },
      NO_COLORS
    )
    expect(line).toContain('api.example/s?jwt=%5Bredacted%5D&model=m#access_token=%5Bredacted%5D')
    expect(line).not.toMatch(/pass-0001|jwt-0002|frag-0003/)
  })
})
