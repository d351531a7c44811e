// `switchboard spend --format html`: the same report as Show Spend, in one file. Its data is embedded
// in the page (script#spend-data); nothing is fetched.
import { createRoot } from "react-dom/client";
import type { SpendDashboard } from "../src/protocol-spend";
import { SpendReport } from "./spend/SpendReport";

const dashboard = JSON.parse(document.getElementById("spend-data")!.textContent ?? "null") as SpendDashboard;
createRoot(document.getElementById("root")!).render(<SpendReport dashboard={dashboard} />);
