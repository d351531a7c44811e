import { createRoot } from "react-dom/client";
import { App } from "./App";
import { keepSelectAllInTextFields } from "./select-all";
import { EvalApp } from "./eval/EvalApp";
import { SpendApp } from "./spend/SpendApp";
import "./styles.css";

keepSelectAllInTextFields();
// One bundle, three views: the playground, Show Spend, or a prompt file's matrix (the host marks which on <body>).
const view = document.body.dataset.view;
createRoot(document.getElementById("root")!).render(view === "spend" ? <SpendApp /> : view === "eval" ? <EvalApp /> : <App />);
