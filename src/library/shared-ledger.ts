// Every router in a process that names the same ledger file appends through one writer, so records are
// chained in the order they finished and the file is opened once.
import { LedgerWriter } from "../core/spend/ledger-writer";
import { onePerFile } from "../one-per-file";

export const sharedLedgerWriter = onePerFile((file) => new LedgerWriter(file));
