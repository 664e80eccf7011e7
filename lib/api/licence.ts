/** The licence of the data Rentable publishes, and how to cite it: one wording for the API, downloads and pages. */
export const DATA_LICENCE = {
  name: 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
  identifier: 'CC-BY-4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const;

/** How to cite a view, an API response or a download; `retrievedAt` is when the data was fetched. */
export function citation(url: string, retrievedAt: Date): string {
  return `Rentable: DePIN GPU supply, claimed against rentable. ${url} (retrieved ${retrievedAt.toISOString()}). Data licensed under CC BY 4.0.`;
}
