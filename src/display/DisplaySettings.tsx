import { useEffect, useRef, useState } from "react";
import { useLocation } from "react-router-dom";
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

/**
 * The header's "Display" menu: theme and text size, remembered across visits. It is plain
 * HTML first: a disclosure that opens without any script, and a form the server answers by
 * setting the cookies (server/pages/preferences.ts). Once the app runs, a choice applies at once,
 * and Escape or a press outside closes the menu.
 */
export function DisplaySettings() {
  const preferences = usePreferences();
  const { pathname, search } = useLocation();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  const toggle = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    const closeOnOutside = (event: PointerEvent) => {
      if (!(event.target instanceof Node) || !menu.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener("keydown", closeOnEscape);
    document.addEventListener("pointerdown", closeOnOutside);
    return () => {
      document.removeEventListener("keydown", closeOnEscape);
      document.removeEventListener("pointerdown", closeOnOutside);
    };
  }, [open]);

  return (
    <details
      className="display-settings"
      ref={menu}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary ref={toggle} className="button secondary">
        Display
      </summary>
      <form
        className="display-panel"
        method="post"
        action="/preferences"
        onSubmit={(event) => {
          // The choices are already saved as they were made; the menu's work is done.
          event.preventDefault();
          setOpen(false);
          toggle.current?.focus();
        }}
      >
        <input type="hidden" name="back" value={`${pathname}${search}`} />
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
        <button type="submit" className="button">
          Apply
        </button>
      </form>
    </details>
  );
}
