import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RecentRequests } from "../../src/core/spend/recent-requests";

/** The behaviour it replaces: a Map as a queue, most recent last (correct, but slow on long runs). */
class MapQueue<V> {
  readonly map = new Map<string, V>();
  constructor(readonly limit: number) {}
  set(id: string, value: V): void {
    this.map.delete(id);
    this.map.set(id, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }
}

/** A seeded run of ids: mostly new, some repeated soon after (fallbacks), some long after (forgotten). */
function* ids(seed: number, count: number): Generator<string> {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  for (let i = 0; i < count; i++) {
    const back = next(10) < 3 ? next(4) : next(10) === 0 ? next(40) : -1;
    yield `r${back < 0 ? i : Math.max(0, i - back)}`;
  }
}

describe("recent requests", () => {
  it("remembers and forgets exactly what a most-recent-last queue of the same limit does, through many rebuilds", () => {
    for (const limit of [1, 5, 32]) {
      const recent = new RecentRequests<number>(limit);
      const reference = new MapQueue<number>(limit);
      let step = 0;
      for (const id of ids(limit, 5_000)) {
        assert.equal(recent.get(id), reference.map.get(id), `step ${step}: ${id}`);
        recent.set(id, step);
        reference.set(id, step);
        assert.equal(recent.size, reference.map.size);
        step += 1;
      }
      assert.deepEqual([...recent.entries()], [...reference.map.entries()]);
    }
  });

  it("an id set again moves to the most recent place and is forgotten last", () => {
    const recent = new RecentRequests<string>(3);
    for (const id of ["a", "b", "c"]) recent.set(id, id);
    recent.set("a", "a again");
    recent.set("d", "d");
    assert.deepEqual([...recent.entries()], [["c", "c"], ["a", "a again"], ["d", "d"]]);
    assert.equal(recent.get("b"), undefined);
  });

  it("the same few ids set over and over keep the memory bounded and the order right", () => {
    const recent = new RecentRequests<number>(4);
    for (let i = 0; i < 100_000; i++) recent.set(`r${i % 3}`, i);
    assert.deepEqual([...recent.entries()], [["r1", 99_997], ["r2", 99_998], ["r0", 99_999]]);
  });

  it("copyLatest gives the latest ids storage of their own and keeps every entry and its order", () => {
    const recent = new RecentRequests<number>(10);
    for (let i = 0; i < 12; i++) recent.set(`r${i}`, i);
    const copied: string[] = [];
    recent.copyLatest(3, (id) => {
      copied.push(id);
      return `${id}`;
    });
    assert.deepEqual(copied, ["r9", "r10", "r11"]);
    assert.deepEqual([...recent.entries()].map(([id]) => id), ["r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11"]);
    recent.set("r12", 12);
    assert.equal(recent.get("r2"), undefined);
    assert.equal(recent.get("r3"), 3);
  });
});
