// Where a refreshed catalog is kept between runs (the CLI's config dir, the extension's global storage),
// one file per source. Written whole and renamed into place, so a crash never leaves half a catalog.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { CATALOG_SOURCES, type CatalogSource, type KeptCatalog } from "./catalog-source";
import { loadModels } from "./load-models";

export function keptCatalogFile(dir: string, source: CatalogSource): string {
  return join(dir, `catalog-${source}.json`);
}

/** The kept copy, or undefined when there is none; a damaged one is reported and left unused. */
export function readKeptCatalog(file: string): { kept?: KeptCatalog; problem?: string } {
  return existsSync(file) ? parseKeptCatalog(readFileSync(file, "utf8"), file) : {};
}

/** The same, off the event loop (the extension host reads it at start-up). */
export async function loadKeptCatalog(file: string): Promise<{ kept?: KeptCatalog; problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return {};
  }
  return parseKeptCatalog(text, file);
}

function parseKeptCatalog(text: string, file: string): { kept?: KeptCatalog; problem?: string } {
  try {
    const data = JSON.parse(text) as Partial<KeptCatalog>;
    if (!CATALOG_SOURCES.includes(data.source as never) || typeof data.fetchedAt !== "string" || typeof data.url !== "string") throw new Error("not a kept catalog");
    const { models, problems } = loadModels(data.models, file);
    if (problems.length > 0) throw new Error(`${problems[0]!.path}: ${problems[0]!.message}`);
    return { kept: { source: data.source!, url: data.url, fetchedAt: data.fetchedAt, models } };
  } catch (error) {
    return { problem: `the refreshed catalog ${file} is damaged (${(error as Error).message}), so the bundled one is used: refresh it again` };
  }
}

export async function writeKeptCatalog(file: string, kept: KeptCatalog): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ source: kept.source, url: kept.url, fetchedAt: kept.fetchedAt, models: kept.models })}\n`);
  await rename(temporary, file);
}

/** Whole days since the copy was fetched. */
export function keptAgeDays(kept: Pick<KeptCatalog, "fetchedAt">, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(kept.fetchedAt)) / 86_400_000);
}
