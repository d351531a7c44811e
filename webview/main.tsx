import { createRoot } from "react-dom/client";
import { App } from "./App";
import { keepSelectAllInTextFields } from "./select-all";
import "./styles.css";

keepSelectAllInTextFields();
createRoot(document.getElementById("root")!).render(<App />);
