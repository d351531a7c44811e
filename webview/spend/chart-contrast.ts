// Chart colours that stay visible on the theme's background: a theme colour with transparency (VS Code's
// default charts.orange is the find-match highlight, #EA5C0055, which at 33 % all but vanishes on a dark
// background) is drawn opaque, and one under 3:1 contrast (WCAG's minimum for graphics) is moved away from
// the background (lighter on dark, darker on light) until it reaches it.

interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** #rgb, #rgba, #rrggbb, #rrggbbaa, rgb(…) or rgba(…); undefined for anything else. */
export function parseColor(css: string): Rgba | undefined {
  const text = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(text)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((digit) => digit + digit).join("") : hex;
    const byte = (i: number) => Number.parseInt(full.slice(i, i + 2), 16);
    return { r: byte(0), g: byte(2), b: byte(4), a: full.length === 8 ? byte(6) / 255 : 1 };
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+)(%?))?\s*\)$/.exec(text);
  if (!fn) return undefined;
  const alpha = fn[4] === undefined ? 1 : Number(fn[4]) / (fn[5] ? 100 : 1);
  return { r: Number(fn[1]), g: Number(fn[2]), b: Number(fn[3]), a: Math.min(1, alpha) };
}

function luminance({ r, g, b }: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two opaque colours, 1 to 21. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function toward(color: Rgba, target: Rgba, share: number): Rgba {
  const mix = (c: number, t: number) => Math.round(c + (t - c) * share);
  return { r: mix(color.r, target.r), g: mix(color.g, target.g), b: mix(color.b, target.b), a: 1 };
}

function hex({ r, g, b }: Rgba): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** `color` opaque, with at least `minimum`:1 contrast against `background` (#rrggbb). */
export function readableOn(color: string, background: string, minimum = 3): string {
  const bg = parseColor(background) ?? { r: 30, g: 30, b: 30, a: 1 };
  const parsed = parseColor(color);
  if (!parsed) return color;
  const drawn = { ...parsed, a: 1 };
  if (contrastRatio(drawn, bg) >= minimum) return hex(drawn);
  // Away from the background: lighter on a dark one, darker on a light one.
  const target = luminance(bg) < 0.18 ? { r: 255, g: 255, b: 255, a: 1 } : { r: 0, g: 0, b: 0, a: 1 };
  for (let share = 0.05; share < 1; share += 0.05) {
    const moved = toward(drawn, target, share);
    if (contrastRatio(moved, bg) >= minimum) return hex(moved);
  }
  return hex(target);
}
