/** The status lists the page asks the supply API for; the server prefetch and the browser share them. */
export const CLAIMED_STATUSES = ['claimed'] as const;
export const FREE_RENTABLE_STATUSES = ['free', 'rentable'] as const;
