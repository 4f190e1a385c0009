// One colour per ACLED event type (colour-blind-safe Okabe–Ito palette).
export const TYPE_COLORS = {
  "Battles": "#D55E00",
  "Explosions/Remote violence": "#CC79A7",
  "Violence against civilians": "#A11A1A",
  "Protests": "#0072B2",
  "Riots": "#E69F00",
  "Strategic developments": "#009E73",
};
export const OTHER_COLOR = "#7f7f7f";

export function typeColor(type) {
  return TYPE_COLORS[type] || OTHER_COLOR;
}
