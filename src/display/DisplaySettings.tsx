import { useEffect, useId, useRef, useState } from "react";
import { savePreferences, type TextSize, type Theme, usePreferences } from "./preferences.ts";

const THEME_LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };
const TEXT_SIZE_LABELS: Record<TextSize, string> = {
  small: "Small",
  medium: "Medium",
  large: "Large",
  "x-large": "Largest",
};

function Choice<T extends string>(props: {
  legend: string;
  name: string;
  labels: Record<T, string>;
  value: T;
  onChange: (value: T) => void;
}) {
  const options = Object.keys(props.labels) as T[];
  return (
    <fieldset className="choice">
      <legend>{props.legend}</legend>
      {options.map((option) => (
        <label key={option}>
          <input
            type="radio"
            name={props.name}
            value={option}
            checked={props.value === option}
            onChange={() => props.onChange(option)}
          />
          {props.labels[option]}
        </label>
      ))}
    </fieldset>
  );
}

/** The header's "Display" menu: theme and text size, remembered across visits. */
export function DisplaySettings() {
  const preferences = usePreferences();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    const closeOnOutside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", closeOnEscape);
    document.addEventListener("pointerdown", closeOnOutside);
    return () => {
      document.removeEventListener("keydown", closeOnEscape);
      document.removeEventListener("pointerdown", closeOnOutside);
    };
  }, [open]);

  return (
    <div className="display-settings" ref={container}>
      <button
        ref={toggle}
        type="button"
        className="button secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        Display
      </button>
      <div id={panelId} className="display-panel" hidden={!open}>
        <Choice
          legend="Theme"
          name="theme"
          labels={THEME_LABELS}
          value={preferences.theme}
          onChange={(theme) => savePreferences({ theme })}
        />
        <Choice
          legend="Text size"
          name="text-size"
          labels={TEXT_SIZE_LABELS}
          value={preferences.textSize}
          onChange={(textSize) => savePreferences({ textSize })}
        />
      </div>
    </div>
  );
}
