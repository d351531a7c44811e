// Our only door to the webview UI toolkit. The toolkit is archived upstream; its React wrapper works with
// the React we ship (the webview tests click, type and select through it in Chromium). If it stops
// working, swap these wrappers for @vscode-elements/react-elements here and nowhere else.
import {
  VSCodeBadge,
  VSCodeButton,
  VSCodeCheckbox,
  VSCodeDropdown,
  VSCodeOption,
  VSCodeProgressRing,
  VSCodeTextArea,
} from "@vscode/webview-ui-toolkit/react";
import { type ReactNode, useEffect, useState } from "react";

export function Button(props: {
  children: ReactNode;
  onClick: () => void;
  secondary?: boolean;
  icon?: boolean;
  disabled?: boolean;
  title?: string;
  testId?: string;
}) {
  return (
    <VSCodeButton
      appearance={props.icon ? "icon" : props.secondary ? "secondary" : "primary"}
      disabled={props.disabled}
      title={props.title}
      // An icon button is named by its title; a labelled one keeps its label as its name.
      aria-label={props.icon ? props.title : undefined}
      data-testid={props.testId}
      onClick={() => props.onClick()}
    >
      {props.children}
    </VSCodeButton>
  );
}

export function TextArea(props: {
  value: string;
  onChange: (value: string) => void;
  onSubmit?: () => void;
  placeholder?: string;
  label: string;
  testId?: string;
}) {
  return (
    <VSCodeTextArea
      value={props.value}
      placeholder={props.placeholder}
      resize="vertical"
      rows={4}
      aria-label={props.label}
      data-testid={props.testId}
      onInput={(event) => props.onChange((event.target as HTMLTextAreaElement).value)}
      onKeyDown={(event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          props.onSubmit?.();
        }
      }}
    >
      {props.label}
    </VSCodeTextArea>
  );
}

export function Select(props: {
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
  label: string;
  testId?: string;
}) {
  return (
    <VSCodeDropdown
      value={props.value}
      aria-label={props.label}
      title={props.label}
      data-testid={props.testId}
      onChange={(event) => props.onChange((event.target as HTMLSelectElement).value)}
    >
      {props.options.map((option) => (
        <VSCodeOption key={option.value} value={option.value}>
          {option.label}
        </VSCodeOption>
      ))}
    </VSCodeDropdown>
  );
}

export function Badge(props: { children: ReactNode; title?: string }) {
  return <VSCodeBadge title={props.title}>{props.children}</VSCodeBadge>;
}

export function Spinner(props: { label: string }) {
  return <VSCodeProgressRing aria-label={props.label} className="spinner" />;
}

export function Checkbox(props: { checked: boolean; onChange: (checked: boolean) => void; label: string; testId?: string }) {
  return (
    <VSCodeCheckbox
      checked={props.checked}
      data-testid={props.testId}
      onChange={(event) => props.onChange((event.target as HTMLInputElement).checked)}
    >
      {props.label}
    </VSCodeCheckbox>
  );
}

/** A small number field (temperature, max tokens); empty means "provider default". */
export function NumberField(props: { value: number | undefined; onChange: (value: number | undefined) => void; label: string; min: number; max: number; step: number; testId?: string }) {
  return (
    <label className="number-field">
      <span>{props.label}</span>
      <input
        type="number"
        aria-label={props.label}
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={props.step}
        placeholder="default"
        value={props.value ?? ""}
        onChange={(event) => {
          const text = event.target.value;
          const number = Number(text);
          props.onChange(text === "" || Number.isNaN(number) ? undefined : Math.min(props.max, Math.max(props.min, number)));
        }}
      />
    </label>
  );
}

/**
 * A section that opens by itself when it gets content (a restored prompt, say) and otherwise opens and
 * closes only when the user says so: emptying its box must not fold it away under the cursor.
 */
export function Disclosure(props: { className: string; summary: string; openWhen: boolean; children: ReactNode; testId?: string }) {
  const [open, setOpen] = useState(props.openWhen);
  useEffect(() => {
    if (props.openWhen) setOpen(true);
  }, [props.openWhen]);
  return (
    <details className={props.className} open={open} data-testid={props.testId} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{props.summary}</summary>
      {props.children}
    </details>
  );
}
