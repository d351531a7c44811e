import { createRoot } from "react-dom/client";
import { App } from "./App";
import { keepSelectAllInTextFields } from "./select-all";
import { SpendApp } from "./spend/SpendApp";
import "./styles.css";

keepSelectAllInTextFields();
// One bundle, two views: the playground, or Show Spend (the host marks which on <body>).
createRoot(document.getElementById("root")!).render(document.body.dataset.view === "spend" ? <SpendApp /> : <App />);
