// Ctrl/Cmd+A in a text field stays in the webview. VS Code's webview host forwards every keydown it sees
// on the page's window to the workbench, whose select-all keybinding then sends "selectAll" back a moment
// later: text typed right after Ctrl+A was selected again and overwritten ("Write a haiku" became
// "a haiku"). Stopping the event before it bubbles to the window leaves the browser's own select-all
// in the field and nothing to arrive late.

function isEditable(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement || target.isContentEditable;
}

export function keepSelectAllInTextFields(doc: Document = document): void {
  doc.addEventListener("keydown", (event) => {
    const selectAll = event.key.toLowerCase() === "a" && (event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey;
    // composedPath()[0] is the field itself, also inside a web component's shadow root.
    if (selectAll && isEditable(event.composedPath()[0])) event.stopPropagation();
  });
}
