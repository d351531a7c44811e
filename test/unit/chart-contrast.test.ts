// Spend chart colours in VS Code's bundled themes: every band and line at least 3:1 against the background.
// The theme values are VS Code 1.139.1's (extensions/theme-defaults/themes/*.json and the colour registry's
// defaults: charts.orange is minimap.findMatchHighlight, i.e. #EA5C0055 unless a theme sets it; charts.lines
// is the foreground at 50 %; the high-contrast themes leave charts.orange unset, so the fallback applies).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contrastRatio, parseColor, readableOn } from "../../webview/spend/chart-contrast";

const THEMES: Record<string, { background: string; colors: string[] }> = {
  "Dark Modern": { background: "#1F1F1F", colors: ["#59a4f9", "#EA5C0055", "#89D185", "#B180D7", "#CCA700", "#CCCCCC", "#CCCCCC80", "#9D9D9D", "#F14C4C"] },
  "Light Modern": { background: "#FFFFFF", colors: ["#0063d3", "#EA5C0055", "#388A34", "#652D90", "#BF8803", "#3B3B3B", "#3B3B3B80", "#3B3B3B", "#E51400"] },
  "Dark+": { background: "#1E1E1E", colors: ["#59a4f9", "#EA5C0055", "#89D185", "#B180D7", "#CCA700", "#CCCCCC", "#CCCCCC80", "#CCCCCCB3", "#F14C4C"] },
  "Light+": { background: "#FFFFFF", colors: ["#0063d3", "#EA5C0055", "#388A34", "#652D90", "#BF8803", "#616161", "#61616180", "#717171", "#E51400"] },
  "Dark High Contrast": { background: "#000000", colors: ["#59a4f9", "#d18616", "#89D185", "#B180D7", "#FFD370", "#FFFFFF", "#FFFFFF80", "#FFFFFFB3", "#F48771"] },
  "Light High Contrast": { background: "#FFFFFF", colors: ["#0063d3", "#d18616", "#374e06", "#652D90", "#895503", "#292929", "#29292980", "#292929B3", "#B5200D"] },
  "VS Code 2026 Dark": { background: "#121314", colors: ["#57A3F8", "#CD861A", "#86CF86", "#AD80D7", "#E0B97F", "#CCCCCC", "#C8CACC80", "#8b949e", "#EF8773"] },
  "VS Code 2026 Light": { background: "#FFFFFF", colors: ["#1A5CFF", "#d18616", "#388A34", "#652D90", "#667309", "#202020", "#20202066", "#6e7781", "#ad0707"] },
};

describe("spend chart colours keep 3:1 contrast in the bundled themes", () => {
  for (const [theme, { background, colors }] of Object.entries(THEMES)) {
    it(theme, () => {
      const bg = parseColor(background)!;
      const shown = colors.map((color) => readableOn(color, background));
      for (const [i, color] of shown.entries()) {
        const ratio = contrastRatio(parseColor(color)!, bg);
        assert.ok(ratio >= 3, `${colors[i]} is drawn as ${color}: ${ratio.toFixed(2)}:1 on ${background}`);
        assert.equal(parseColor(color)!.a, 1, "drawn opaque");
      }
    });
  }

  it("Dark Modern's default orange (33 % alpha) becomes a visible orange, not grey or white (regression)", () => {
    // As the theme gives it, 33 % of #EA5C00 over #1F1F1F is rgb(98, 51, 21): about 1.6:1.
    const asGiven = { r: Math.round(0xea / 3 + (0x1f * 2) / 3), g: Math.round(0x5c / 3 + (0x1f * 2) / 3), b: Math.round(0x1f * 2 / 3), a: 1 };
    assert.ok(contrastRatio(asGiven, parseColor("#1F1F1F")!) < 2, "near-invisible as given");
    const { r, g, b } = parseColor(readableOn("#EA5C0055", "#1F1F1F"))!;
    assert.ok(r > g && g > b && r - b > 60, `still orange: rgb(${r}, ${g}, ${b})`);
  });

  it("a colour that is already visible is left as the theme gave it", () => {
    assert.equal(readableOn("#3794ff", "#1e1e1e"), "#3794ff");
    assert.equal(readableOn("rgb(55, 148, 255)", "#1e1e1e"), "#3794ff");
    assert.equal(readableOn("not-a-colour", "#1e1e1e"), "not-a-colour");
  });
});
