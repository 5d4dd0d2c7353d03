// Draws the LFW trade-off curve (bench/results/lfw-curve.json, written by `npm run bench -- accuracy`)
// as docs/lfw-tradeoff.svg: never-enrolled people marked present (x) against class members
// marked correctly (y), one line per margin, a point per threshold. Plain SVG (Recharts renders
// nothing outside a browser). `npx tsx bench/curve-chart.ts`
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_RULES } from "@/lib/face/rules";

type Point = { threshold: number; margin: number; class_members_correct: number; never_enrolled_marked: number };

export function writeCurveChart(
  curveFile = path.join(import.meta.dirname, "results", "lfw-curve.json"),
  out = path.resolve(import.meta.dirname, "..", "docs", "lfw-tradeoff.svg"),
): string {
  const curve = JSON.parse(fs.readFileSync(curveFile, "utf8")) as Point[];
  const [W, H, L, R, T, B] = [760, 440, 64, 150, 24, 56];
  const xMax = 3;
  const [yMin, yMax] = [60, 100];
  const X = (v: number) => L + (Math.min(v, xMax) / xMax) * (W - L - R);
  const Y = (v: number) => T + (1 - (v - yMin) / (yMax - yMin)) * (H - T - B);
  const parts: string[] = [];
  for (let x = 0; x <= xMax; x += 0.5)
    parts.push(
      `<line x1="${X(x)}" y1="${T}" x2="${X(x)}" y2="${H - B}" stroke="#e2e8f0"/><text x="${X(x)}" y="${H - B + 18}" text-anchor="middle">${x}%</text>`,
    );
  for (let y = yMin; y <= yMax; y += 10)
    parts.push(
      `<line x1="${L}" y1="${Y(y)}" x2="${W - R}" y2="${Y(y)}" stroke="#e2e8f0"/><text x="${L - 8}" y="${Y(y) + 4}" text-anchor="end">${y}%</text>`,
    );
  parts.push(
    `<rect x="${L}" y="${T}" width="${X(0.5) - L}" height="${Y(97) - T}" fill="#dcfce7" opacity="0.6"/><text x="${L + 4}" y="${T + 14}" fill="#166534">targets: ≥ 97%, ≤ 0.5%</text>`,
  );
  // Lines are clipped to the plot (the widest margins fall below 60% at strict thresholds).
  parts.push(`<clipPath id="plot"><rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}"/></clipPath>`);
  const margins = [0, 0.02, 0.04, 0.06, 0.1];
  const colours = ["#b91c1c", "#c2410c", "#1d4ed8", "#15803d", "#6b21a8"];
  margins.forEach((m, i) => {
    const pts = curve.filter((p) => p.margin === m).sort((a, b) => a.threshold - b.threshold);
    parts.push(
      `<polyline clip-path="url(#plot)" fill="none" stroke="${colours[i]}" stroke-width="2" points="${pts.map((p) => `${X(p.never_enrolled_marked).toFixed(1)},${Y(p.class_members_correct).toFixed(1)}`).join(" ")}"/>`,
    );
    for (const p of pts)
      if (p.class_members_correct >= yMin)
        parts.push(
          `<circle cx="${X(p.never_enrolled_marked).toFixed(1)}" cy="${Y(p.class_members_correct).toFixed(1)}" r="2.5" fill="${colours[i]}"><title>threshold ${p.threshold}, margin ${m}: ${p.class_members_correct}% correct, ${p.never_enrolled_marked}% never-enrolled marked</title></circle>`,
        );
    parts.push(
      `<line x1="${W - R + 16}" y1="${T + 10 + i * 20}" x2="${W - R + 40}" y2="${T + 10 + i * 20}" stroke="${colours[i]}" stroke-width="3"/><text x="${W - R + 46}" y="${T + 14 + i * 20}">margin ${m}</text>`,
    );
  });
  const chosen = curve.find((p) => p.threshold === DEFAULT_RULES.threshold && p.margin === DEFAULT_RULES.minMargin);
  if (chosen) {
    const [cx, cy] = [X(chosen.never_enrolled_marked), Y(chosen.class_members_correct)];
    parts.push(
      `<circle cx="${cx}" cy="${cy}" r="8" fill="none" stroke="#0f172a" stroke-width="2"/><text x="${cx + 10}" y="${cy + 22}" fill="#0f172a">default ${DEFAULT_RULES.threshold} / ${DEFAULT_RULES.minMargin}: ${chosen.class_members_correct}%, ${chosen.never_enrolled_marked}%</text>`,
    );
  }
  parts.push(
    `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">never-enrolled people marked present (thresholds 0.40–0.60, one frame)</text>`,
  );
  parts.push(`<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">class members marked correctly</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" fill="#334155"><rect width="${W}" height="${H}" fill="#fff"/>${parts.join("")}</svg>\n`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, svg);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(writeCurveChart());
