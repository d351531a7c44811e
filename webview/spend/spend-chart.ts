// The stacked daily bar chart (Chart.js): one band per group, the daily budget as a dashed line, and
// month-to-date spend against the monthly budget on a second axis. Colours come from the theme (VS
// Code's --vscode-charts-* variables, or the report file's own).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { formatUsd } from "../../src/common/format-usd";
import type { SpendDashboard } from "../../src/protocol-spend";
import { readableOn } from "./chart-contrast";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

const PALETTE = ["--vscode-charts-blue", "--vscode-charts-orange", "--vscode-charts-green", "--vscode-charts-purple", "--vscode-charts-yellow", "--vscode-charts-foreground", "--vscode-charts-lines", "--vscode-descriptionForeground"];
const FALLBACK = ["#3794ff", "#d18616", "#89d185", "#b180d7", "#cca700", "#cccccc", "#848484", "#9d9d9d"];

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/**
 * The colour each series gets (in order), and the budget lines' (daily and monthly, told apart by their
 * dashes): the theme's, made opaque and at least 3:1 against its background so no band disappears.
 */
export function chartColors(): { series: string[]; budget: string; text: string; grid: string } {
  const background = themeColor("--vscode-editor-background", "#1e1e1e");
  const visible = (name: string, fallback: string) => readableOn(themeColor(name, fallback), background);
  return {
    series: PALETTE.map((name, index) => visible(name, FALLBACK[index]!)),
    budget: visible("--vscode-charts-red", "#f14c4c"),
    text: visible("--vscode-foreground", "#cccccc"),
    grid: themeColor("--vscode-panel-border", "#3c3c3c"),
  };
}

export function chartConfig(dashboard: SpendDashboard): ChartConfiguration<"bar" | "line"> {
  const colors = chartColors();
  const datasets: Array<ChartDataset<"bar" | "line">> = dashboard.series.map((series, index) => ({
    type: "bar" as const,
    label: series.key,
    data: series.usd,
    backgroundColor: colors.series[index % colors.series.length],
    stack: "spend",
    yAxisID: "y",
  }));
  const { dailyUsd, monthlyUsd } = dashboard.budgets;
  if (dailyUsd !== undefined) {
    datasets.push({ type: "line" as const, label: `Daily budget ${formatUsd(dailyUsd)}`, data: dashboard.days.map(() => dailyUsd), borderColor: colors.budget, borderDash: [6, 4], borderWidth: 2, pointRadius: 0, yAxisID: "y" });
  }
  if (monthlyUsd !== undefined) {
    datasets.push({ type: "line" as const, label: "Month to date", data: dashboard.monthToDateUsd, borderColor: colors.text, borderWidth: 1.5, pointRadius: 0, yAxisID: "month" });
    datasets.push({ type: "line" as const, label: `Monthly budget ${formatUsd(monthlyUsd)}`, data: dashboard.days.map(() => monthlyUsd), borderColor: colors.budget, borderDash: [2, 3], borderWidth: 2, pointRadius: 0, yAxisID: "month" });
  }
  const money = (value: number | string) => formatUsd(Number(value));
  return {
    type: "bar",
    data: { labels: dashboard.days.map((day) => day.slice(5)), datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", labels: { color: colors.text, boxWidth: 12 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatUsd(Number(item.raw))}` } },
      },
      scales: {
        x: { stacked: true, ticks: { color: colors.text, maxRotation: 0, autoSkip: true }, grid: { display: false } },
        y: { stacked: true, beginAtZero: true, ticks: { color: colors.text, callback: money }, grid: { color: colors.grid }, title: { display: true, text: "USD per day", color: colors.text } },
        ...(monthlyUsd !== undefined
          ? { month: { position: "right" as const, beginAtZero: true, ticks: { color: colors.text, callback: money }, grid: { display: false }, title: { display: true, text: "USD this month", color: colors.text } } }
          : {}),
      },
    },
  };
}

/** Draws (or redraws) the chart on the canvas; returns a function that removes it. */
export function drawSpendChart(canvas: HTMLCanvasElement, dashboard: SpendDashboard): () => void {
  Chart.getChart(canvas)?.destroy();
  const chart = new Chart(canvas, chartConfig(dashboard));
  return () => chart.destroy();
}
