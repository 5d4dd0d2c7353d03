"use server";

import { db } from "@/lib/db";
import { resolvePhotoOwners, type PhotoOwner } from "@/lib/data/photo-owners";
import { adminActor } from "@/app/current-user";
import { photoFileNamesSchema } from "@/lib/validations/face";

export async function resolvePhotoOwnersAction(
  raw: string[],
): Promise<{ ok: true; owners: PhotoOwner[] } | { ok: false; message: string }> {
  if (!(await adminActor())) return { ok: false, message: "Only admins can enroll photos." };
  const parsed = photoFileNamesSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "Choose between 1 and 20,000 photos." };
  return { ok: true, owners: await resolvePhotoOwners(db, parsed.data) };
}
