// Which agent session spent last: the caller and session of the latest record that names both among the
// ledger's last 64 KB, for the status bar after each recorded request. Follows the ledger (reads only what
// was appended since), instead of reading and parsing the last 64 KB again after every request.
import { LedgerFollower } from "./ledger-follower";

export interface AgentCall {
  caller: string;
  session: string;
}

export class LatestAgentCall {
  private latest: (AgentCall & { start: number }) | undefined;
  private readonly follower: LedgerFollower;

  constructor(file: string, windowBytes = 64 * 1024) {
    this.follower = new LedgerFollower(file, windowBytes, {
      reset: () => {
        this.latest = undefined;
      },
      record: (record, start) => {
        if (record.caller !== undefined && record.session !== undefined) this.latest = { caller: record.caller, session: record.session, start };
      },
    });
  }

  get file(): string {
    return this.follower.file;
  }

  /** Ledger lines parsed so far (what reads cost). */
  get linesRead(): number {
    return this.follower.linesRead;
  }

  /** Off the event loop: the latest agent call in the window, once every record appended before the call is read. */
  async read(): Promise<AgentCall | undefined> {
    await this.follower.update();
    const latest = this.latest;
    return latest && latest.start >= this.follower.windowStart ? { caller: latest.caller, session: latest.session } : undefined;
  }
}
