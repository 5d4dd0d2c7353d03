"use server";

import { identifiersFromCsv, setConsent, type ConsentChange } from "@/lib/consent";
import { db } from "@/lib/db";
import { adminAction } from "@/app/server-action";

const MAX_CONSENT_CSV_BYTES = 5 * 2 ** 20;

export const bulkConsentAction = adminAction<{ changes: ConsentChange[] }>(
  async (form, { actor }) => {
    const to = form.get("consent");
    const file = form.get("file");
    if ((to !== "GRANTED" && to !== "WITHDRAWN") || !(file instanceof File) || file.size === 0)
      return { ok: false, message: "Choose a CSV file of student identifiers and whether consent was granted or withdrawn." };
    if (file.size > MAX_CONSENT_CSV_BYTES) return { ok: false, message: "The file is larger than 5 MB." };
    let keys: string[];
    try {
      keys = identifiersFromCsv(new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()));
    } catch (e) {
      return { ok: false, message: `Not a readable UTF-8 CSV file (${(e as Error).message}).` };
    }
    if (keys.length === 0) return { ok: false, message: "The file lists no students." };
    const changes = await setConsent(db, keys, to, actor);
    const changed = changes.filter((c) => c.changed).length;
    return {
      ok: true,
      message: `${changed} changed, ${changes.length - changed} already ${to === "GRANTED" ? "granted" : "withdrawn"}.`,
      data: { changes },
    };
  },
  { revalidate: "/admin" },
);
