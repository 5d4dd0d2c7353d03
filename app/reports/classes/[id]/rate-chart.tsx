"use client";
// The daily attendance rate of a class as a bar chart (Recharts). The same numbers are in
// the table below it, which is what screen readers get.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type RatePoint = { date: string; rate: number | null };

export function RateChart({ points }: { points: RatePoint[] }) {
  const data = points.map((p) => ({ date: p.date.slice(5), rate: p.rate === null ? null : Math.round(p.rate * 1000) / 10 }));
  return (
    <figure
      className="mt-4 rounded-lg border border-slate-200 bg-white p-3"
      aria-label="Daily attendance rate chart; the table below has the same figures"
    >
      <div className="h-64 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          {/* No keyboard layer: the chart is hidden from assistive technology (the table has the figures). */}
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#cbd5e1" />
            <XAxis dataKey="date" tick={{ fill: "#334155", fontSize: 12 }} />
            <YAxis domain={[0, 100]} unit="%" tick={{ fill: "#334155", fontSize: 12 }} width={48} />
            <Tooltip formatter={(v) => [`${v}%`, "Attendance rate"]} />
            <Bar dataKey="rate" fill="#1d4ed8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-1 text-sm text-slate-700">Daily attendance rate (attended ÷ marked), by date (MM-DD).</figcaption>
    </figure>
  );
}
