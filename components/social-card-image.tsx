/**
 * A social preview card (1200×630) for next/og's ImageResponse. Satori lays out flexbox only:
 * every element with more than one child says `display: flex`. Only next/og's bundled font is
 * used, and text stays within the Latin characters it covers: a glyph it lacks would make
 * next/og fetch a font from the network, which a server here cannot reach.
 */
import { ImageResponse } from 'next/og';
import type { SocialCard } from '@/lib/charts/social-card';

export const SOCIAL_IMAGE_SIZE = { width: 1200, height: 630 } as const;

const COLORS = { bg: '#ffffff', surface: '#f2f4f7', text: '#16181d', muted: '#5b6170', border: '#dcdfe5', accent: '#0b5cad', bar: '#0a7a45' };

/** Keeps a label on one line in its column; Satori's ellipsis needs block layout, which the rows do not use. */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function Card({ card, host }: { card: SocialCard; host: string }) {
  return (
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        padding: '36px 56px 32px',
        background: COLORS.bg,
        color: COLORS.text,
        fontSize: 24,
        borderTop: `12px solid ${COLORS.accent}`,
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <div style={{ display: 'flex', fontSize: 30, color: COLORS.accent }}>Rentable</div>
        <div style={{ display: 'flex', fontSize: 22, color: COLORS.muted }}>{card.asOf}</div>
      </div>
      <div style={{ display: 'flex', fontSize: 46, marginTop: 10 }}>{fit(card.title, 60)}</div>
      <div style={{ display: 'flex', fontSize: 24, color: COLORS.muted, marginTop: 10 }}>{card.subtitle}</div>

      {card.figures.length > 0 ? (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 20, marginTop: 22 }}>
          {card.figures.map((figure) => (
            <div
              key={figure.label}
              style={{ display: 'flex', flexDirection: 'column', width: 534, padding: '10px 16px', background: COLORS.surface, borderRadius: 10 }}
            >
              <div style={{ display: 'flex', fontSize: card.rows.length > 0 ? 40 : 52 }}>{figure.value}</div>
              <div style={{ display: 'flex', fontSize: 20, color: COLORS.muted, marginTop: 4 }}>{figure.label}</div>
            </div>
          ))}
        </div>
      ) : null}

      {card.rows.length > 0 ? (
        <div style={{ display: 'flex', flexDirection: 'column', marginTop: 18 }}>
          <div style={{ display: 'flex', fontSize: 18, color: COLORS.muted, borderBottom: `1px solid ${COLORS.border}`, paddingBottom: 4 }}>
            <div style={{ display: 'flex', width: 380 }} />
            {card.columns.map((column) => (
              <div key={column} style={{ display: 'flex', width: 230, justifyContent: 'flex-end' }}>
                {column}
              </div>
            ))}
          </div>
          {card.rows.map((row) => (
            <div key={row.label} style={{ display: 'flex', alignItems: 'center', height: 38, borderBottom: `1px solid ${COLORS.border}` }}>
              <div style={{ display: 'flex', flexDirection: 'column', width: 380 }}>
                <div style={{ display: 'flex' }}>{fit(row.label, 30)}</div>
                {row.bar !== null ? (
                  <div style={{ display: 'flex', width: 300, height: 4, background: COLORS.border, marginTop: 2 }}>
                    <div style={{ display: 'flex', width: row.bar > 0 ? Math.max(2, Math.round(row.bar * 300)) : 0, height: 4, background: COLORS.bar }} />
                  </div>
                ) : null}
              </div>
              {row.cells.map((cell, i) => (
                <div key={`${row.label}-${i}`} style={{ display: 'flex', width: 230, justifyContent: 'flex-end' }}>
                  {cell}
                </div>
              ))}
            </div>
          ))}
        </div>
      ) : null}

      {card.empty ? <div style={{ display: 'flex', marginTop: 32, fontSize: 30, color: COLORS.muted }}>{card.empty}</div> : null}

      <div style={{ display: 'flex', marginTop: 'auto', justifyContent: 'space-between', fontSize: 20, color: COLORS.muted }}>
        <div style={{ display: 'flex' }}>If it can’t be rented, it doesn’t exist.</div>
        <div style={{ display: 'flex' }}>{host}</div>
      </div>
    </div>
  );
}

export function socialCardImage(card: SocialCard, host: string): ImageResponse {
  return new ImageResponse(<Card card={card} host={host} />, { ...SOCIAL_IMAGE_SIZE });
}
