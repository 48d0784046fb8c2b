/** DOM ids the waterfall's parts point at (aria-controls, aria-activedescendant). */
export const WATERFALL_SCROLL_ID = 'waterfall-scroll';

export function rowDomId(span: number): string {
  return `span-row-${span}`;
}
