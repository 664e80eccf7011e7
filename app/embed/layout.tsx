/**
 * Embeds live inside the root layout (its query client and provenance dialog serve them too);
 * embed.css hides the site's header and footer around them and applies the theme and
 * transparent-background choices. The demo banner stays: an embed of replayed data says so.
 */
import type { ReactNode } from 'react';
import './embed.css';

export default function EmbedLayout({ children }: { children: ReactNode }) {
  return children;
}
