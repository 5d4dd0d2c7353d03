// What a roster import would change, as the preview shows it and the import reports it.
import type { RowError } from "./oneroster";
import { count } from "@/lib/text";

export type Entity = "student" | "teacher" | "class" | "enrollment" | "teaching";
export type ChangeKind = "new" | "changed" | "removed";
export type PlannedChange = { entity: Entity; kind: ChangeKind; sourcedId: string; label: string; fields?: string[] };
export type Summary = Record<Entity, Record<ChangeKind | "unchanged", number>>;
/** `notices`: what the import deliberately leaves alone, for the preview (e.g. a deactivated teacher). */
export type RosterPlan = { errors: RowError[]; changes: PlannedChange[]; summary: Summary; notices: string[] };

export class RosterImportError extends Error {
  constructor(readonly errors: RowError[]) {
    super(`The roster has ${count(errors.length, "error")}; nothing was imported.`);
  }
}

export const ENTITIES: Entity[] = ["student", "teacher", "class", "enrollment", "teaching"];

export function emptySummary(): Summary {
  return Object.fromEntries(ENTITIES.map((e) => [e, { new: 0, changed: 0, removed: 0, unchanged: 0 }])) as Summary;
}
