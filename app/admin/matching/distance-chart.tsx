"use client";
// Genuine and impostor distances of the school's gallery as two histograms (Recharts), with the
// current and the suggested threshold. The page's table has the same figures for screen readers.
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type HistogramBin = { from: number; genuine: number; impostor: number };

export function DistanceChart({ bins, current, suggested }: { bins: HistogramBin[]; current: number; suggested: number | null }) {
  const data = bins.map((b) => ({ x: b.from.toFixed(2), genuine: b.genuine, impostor: b.impostor }));
  const at = (t: number) => (Math.floor(t / 0.02) * 0.02).toFixed(2);
  return (
    <figure
      className="mt-4 rounded-lg border border-slate-200 bg-white p-3"
      aria-label="Distance distributions chart; the table below has the same figures"
      data-testid="distance-chart"
    >
      <div className="h-72 w-full" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 16, right: 8, bottom: 8, left: 0 }} barGap={0} barCategoryGap={1} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#cbd5e1" />
            <XAxis dataKey="x" tick={{ fill: "#334155", fontSize: 12 }} interval={4} />
            <YAxis unit="%" tick={{ fill: "#334155", fontSize: 12 }} width={48} />
            <Tooltip
              formatter={(v, name) => [`${v}%`, name === "genuine" ? "Same student" : "Different students"]}
              labelFormatter={(l) => `distance ${l}`}
            />
            <Legend formatter={(name) => (name === "genuine" ? "Same student (genuine)" : "Different students (impostor)")} />
            <Bar dataKey="genuine" fill="#15803d" isAnimationActive={false} />
            <Bar dataKey="impostor" fill="#b91c1c" isAnimationActive={false} />
            <ReferenceLine
              x={at(current)}
              stroke="#1e293b"
              strokeDasharray="4 2"
              label={{ value: "current", position: "top", fill: "#1e293b", fontSize: 12 }}
            />
            {suggested !== null && (
              <ReferenceLine
                x={at(suggested)}
                stroke="#1d4ed8"
                label={{ value: "suggested", position: "insideTopRight", fill: "#1d4ed8", fontSize: 12 }}
              />
            )}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-1 text-sm text-slate-700">
        Share of comparisons by euclidean distance (bins of 0.02). A match needs a distance at or below the threshold.
      </figcaption>
    </figure>
  );
}
