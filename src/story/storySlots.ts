/**
 * How the story's top template (storyTemplate.tsx, rendered into the shell by the build) marks
 * the places the boot script fills from a story's JSON (src/boot/storyStart.ts): an attribute
 * value or a whole text node holding `__slot_NAME__`. A slot named `LIST_FIELD` repeats its
 * element once per item of LIST. Plain letters, so a URL resolved around one keeps it whole.
 */
export const STORY_TOP_TEMPLATE = "dispatch-story-top";

export function slot(name: string): string {
  return `__slot_${name}__`;
}

/** The slot named in `text`, if any. */
export function slotIn(text: string): string | undefined {
  return /__slot_([a-z]+(?:_[a-z]+)?)__/.exec(text)?.[1];
}
