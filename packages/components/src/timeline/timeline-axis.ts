/**
 * Label boxes of the overview's axis and lanes, computed before drawing so no two texts overlap:
 * "today" wins, and a tick whose label would touch it, or touch the previous tick's, yields. Pure
 * functions: the widths are a conservative estimate of the 11 px labels (no DOM measuring, which
 * would cost a layout per render); `timeline-axis.test.ts` checks them against real boxes.
 */

/** Font size of the axis and lane labels (timeline.styles.ts). */
export const LABEL_FONT_PX = 11;
/** Gap kept between two labels. */
const GAP = 6;

/**
 * An upper bound of a label's width at 11 px in the usual sans-serif faces: wide letters count
 * more, narrow ones less; bold a little more. Over-estimating only drops a tick that might have fitted.
 */
export function textWidth(text: string, bold = false, fontPx = LABEL_FONT_PX): number {
  let em = 0;
  for (const ch of text) {
    if (/[MWmw@]/.test(ch)) em += 0.9;
    else if (/[A-Z0-9ÀÂÉÈÊÎÔÙÛÇ]/.test(ch)) em += 0.7;
    else if (/[il.,:;'’!|\s]/.test(ch)) em += 0.32;
    else em += 0.6;
  }
  return Math.ceil(em * fontPx * (bold ? 1.08 : 1)) + 1;
}

export interface AxisTick {
  x: number;
  text: string;
}

export interface AxisLabel {
  /** The anchor x of the `<text>`. */
  x: number;
  text: string;
  anchor: 'start' | 'end';
  /** The box it takes, [left, right]. */
  left: number;
  right: number;
  today?: boolean;
}

/**
 * The labels to draw between `left` and `right`: today's (left of its line, or right of it when
 * there is no room on the left), then every tick label (right of its grid line) that fits and
 * touches neither today's nor the previous kept label.
 */
export function layoutAxis(ticks: AxisTick[], today: AxisTick | undefined, left: number, right: number): AxisLabel[] {
  const out: AxisLabel[] = [];
  let todayBox: AxisLabel | undefined;
  if (today && today.x >= left && today.x <= right) {
    const w = textWidth(today.text, true);
    todayBox =
      today.x - 3 - w >= left
        ? { x: today.x - 3, text: today.text, anchor: 'end', left: today.x - 3 - w, right: today.x - 3, today: true }
        : { x: Math.min(today.x + 3, right - w), text: today.text, anchor: 'start', left: Math.min(today.x + 3, right - w), right: Math.min(today.x + 3, right - w) + w, today: true };
  }
  let lastRight = -Infinity;
  for (const tick of [...ticks].sort((a, b) => a.x - b.x)) {
    const w = textWidth(tick.text);
    const box = { x: tick.x + 3, text: tick.text, anchor: 'start' as const, left: tick.x + 3, right: tick.x + 3 + w };
    if (box.left < left || box.right > right) continue;
    if (box.left < lastRight + GAP) continue;
    if (todayBox && box.left < todayBox.right + GAP && box.right + GAP > todayBox.left) continue;
    out.push(box);
    lastRight = box.right;
  }
  if (todayBox) out.push(todayBox);
  return out;
}

/**
 * A lane label that fits `maxWidth`: the name shortened with "…", the suffix that tells two
 * same-named lanes apart ("(2024)") always kept whole.
 */
export function fitLaneLabel(name: string, suffix: string, maxWidth: number): string {
  const tail = suffix ? ` (${suffix})` : '';
  const full = `${name}${tail}`;
  if (textWidth(full, true) <= maxWidth) return full;
  const chars = [...name];
  for (let n = chars.length - 1; n > 0; n--) {
    const candidate = `${chars.slice(0, n).join('').trimEnd()}…${tail}`;
    if (textWidth(candidate, true) <= maxWidth) return candidate;
  }
  return `…${tail}`;
}
