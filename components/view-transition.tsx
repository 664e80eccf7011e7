'use client';

/**
 * The busy state of a view change. Choosing a range replaces the URL and the server renders the
 * new view; until it arrives the old charts stay on screen, so they are marked busy (aria-busy,
 * dimmed, a status line) rather than passing for the new range. The controls and the content
 * share one React transition through this context.
 */
import { createContext, useContext, useTransition, type ReactNode, type TransitionStartFunction } from 'react';

interface ViewTransitionState {
  pending: boolean;
  startTransition: TransitionStartFunction;
}

const ViewTransitionContext = createContext<ViewTransitionState | null>(null);

/** The surrounding view's transition, or null outside one (the controls then keep their own). */
export function useViewTransition(): ViewTransitionState | null {
  return useContext(ViewTransitionContext);
}

export function ViewTransition({ children }: { children: ReactNode }) {
  const [pending, startTransition] = useTransition();
  return (
    <ViewTransitionContext.Provider value={{ pending, startTransition }}>
      <div className="view-transition" aria-busy={pending} data-pending={pending ? 'true' : undefined}>
        {children}
      </div>
    </ViewTransitionContext.Provider>
  );
}
