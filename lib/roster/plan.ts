// What a roster import would change, as the preview shows it and the import reports it.
import type { RowError } from "./oneroster";
import { count } from "@/lib/text";

export type Entity = "student" | "teacher" | "class" | "enrollment" | "teaching" | "guardian" | "guardianship";
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

/** In the order an import applies them: people and classes before what refers to them. */
export const ENTITIES: Entity[] = ["student", "teacher", "class", "enrollment", "teaching", "guardian", "guardianship"];

/** What each entity is called in the preview and the CLI's summary (plural, lower case). */
export const ENTITY_NAMES: Record<Entity, string> = {
  student: "students",
  teacher: "teachers",
  class: "classes",
  enrollment: "enrollments",
  teaching: "teacher assignments",
  guardian: "guardians",
  guardianship: "guardian links",
};

export function emptySummary(): Summary {
  return Object.fromEntries(ENTITIES.map((e) => [e, { new: 0, changed: 0, removed: 0, unchanged: 0 }])) as Summary;
}
