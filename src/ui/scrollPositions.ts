const STORAGE_KEY = "dispatch-scroll-positions";
/** Enough for a long session of Back and Forward; older entries are dropped first. */
const MAX_ENTRIES = 100;

/**
 * The scroll positions saved for this tab's history entries. Anything unreadable (storage
 * blocked, a value another version wrote, a hand edit) counts as no positions at all.
 */
export function readScrollPositions(): Map<string, number> {
  let stored: string | null;
  try {
    stored = sessionStorage.getItem(STORAGE_KEY);
  } catch (error) {
    console.warn("Scroll positions cannot be read from sessionStorage:", error);
    return new Map();
  }
  if (!stored) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    console.warn("Ignoring unreadable scroll positions in sessionStorage.");
    return new Map();
  }
  if (!Array.isArray(parsed)) return new Map();
  const positions = new Map<string, number>();
  for (const pair of parsed) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [entry, position] = pair;
    if (typeof entry === "string" && typeof position === "number" && Number.isFinite(position) && position >= 0) {
      positions.set(entry, position);
    }
  }
  return positions;
}

/** Saves the positions for a reload or a return to this document; the newest are kept. */
export function writeScrollPositions(positions: Map<string, number>): void {
  const newest = [...positions].slice(-MAX_ENTRIES);
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(newest));
  } catch (error) {
    console.warn("Scroll positions cannot be saved to sessionStorage:", error);
  }
}
